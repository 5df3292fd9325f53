from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class AmarcRetentionMixin(models.AbstractModel):
    """Records kept for the retention periods of chapter V of the referential:
    they cannot be deleted before their retention date, only archived.

    Chapter V.2: at least three years for everything about the referential and
    the internal and external control plans (and their changes), one year for
    the records. Inheriting models set ``_amarc_retention_years`` and the field
    the period runs from (``_amarc_retention_date_field``), or override
    ``_amarc_retention_until()``."""

    _name = "amarc.retention.mixin"
    _description = "AMARC retention period (chapter V)"

    _amarc_retention_years = 1
    _amarc_retention_date_field = "create_date"

    active = fields.Boolean(default=True)

    def _amarc_retention_until(self):
        """The date until which this record must be kept (a date)."""
        self.ensure_one()
        start = self[self._amarc_retention_date_field] or self.create_date
        if not start:
            return False
        start = fields.Date.to_date(start)
        return start + relativedelta(years=self._amarc_retention_years)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_under_retention(self):
        today = fields.Date.context_today(self)
        for record in self:
            until = record._amarc_retention_until()
            if until and until >= today:
                raise UserError(
                    self.env._(
                        "%(record)s must be kept until %(date)s (retention period of "
                        "chapter V of the referential): archive it instead of "
                        "deleting it.",
                        record=record.display_name,
                        date=until,
                    )
                )
