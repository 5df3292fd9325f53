from odoo import api, models
from odoo.exceptions import AccessError


class AmarcContextToken(str):
    """A string for whatever serializes a context, checked by identity, and
    equal to itself only: Odoo reuses an environment whose context is equal
    to the one asked for, so an equal string sent by a client earlier in the
    transaction must not stand for it (nor it for that string)."""

    __slots__ = ()

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    __hash__ = str.__hash__


#: The key of the writes that may change protected figures. Only Python code
#: holding this very object can pass it: a request's context is made of JSON
#: values, none of which *is* this object (an equal string is not), so a
#: client cannot forge it.
_PROTECTED_WRITE = AmarcContextToken("amarc-protected-write")


class AmarcProtectedMixin(models.AbstractModel):
    """Figures that measure people (late flags, dates of acknowledgement and
    response, satisfaction results, effectiveness, audit results, evidence
    dates) are written only by the action that records them, after its own
    role check: a plain ``write`` or ``create`` carrying one of them is refused
    to everybody but the superuser (data files, scheduled actions in sudo).

    Declare the figures in ``_amarc_protected_fields``; actions write them with
    ``records._amarc_write_protected(vals)``; a quality manager corrects one
    through the logged correction (``amarc.correction.wizard``)."""

    _name = "amarc.protected.mixin"
    _description = "AMARC figures written only by their action"

    #: names of the fields that only the product's actions write
    _amarc_protected_fields = ()
    #: names of the fields given when the record is created, then written only
    #: by the product's actions
    _amarc_protected_after_create = ()

    def _amarc_protected_written(self, vals, creating=False):
        names = self._amarc_protected_fields
        if not creating:
            names = (*names, *self._amarc_protected_after_create)
        return [name for name in names if name in vals]

    def _amarc_protected_writing(self):
        """Whether this environment is one of the product's protected writes
        (see :meth:`_amarc_write_protected`) or the superuser's."""
        return self.env.su or (
            self.env.context.get("amarc_protected_write") is _PROTECTED_WRITE
        )

    @api.model
    def _amarc_check_protected(self, vals_list, creating=False):
        if self._amarc_protected_writing():
            return
        names = sorted(
            {
                name
                for vals in vals_list
                for name in self._amarc_protected_written(vals, creating)
            }
        )
        if names:
            raise AccessError(
                self.env._(
                    "%(fields)s of %(model)s cannot be written directly: they are "
                    "recorded by their action, with the actual time and the role "
                    "check of that action. A quality manager can correct a "
                    "recorded value with the logged correction.",
                    fields=", ".join(
                        f'"{self._fields[name]._description_string(self.env)}"'
                        for name in names
                    ),
                    model=self._description,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._amarc_check_protected(vals_list, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        self._amarc_check_protected([vals])
        return super().write(vals)

    def _amarc_write_protected(self, vals):
        """Write figures of ``_amarc_protected_fields``: for the action methods,
        once they have checked the role of the user. The context key lives for
        this write and what it triggers."""
        return self.with_context(amarc_protected_write=_PROTECTED_WRITE).write(vals)

    @api.model
    def _amarc_create_protected(self, vals_list):
        """Create records with protected figures (same rules as above)."""
        return self.with_context(amarc_protected_write=_PROTECTED_WRITE).create(
            vals_list
        )
