from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date, format_datetime

#: field types a correction can set, and the wizard field holding the value
VALUE_FIELDS = {
    "datetime": "value_datetime",
    "date": "value_date",
    "boolean": "value_boolean",
    "integer": "value_integer",
    "float": "value_float",
    "selection": "value_selection",
    "many2one": "value_user_id",
}


class AmarcCorrectionWizard(models.TransientModel):
    """The logged correction of a recorded figure (a late flag, a date of
    acknowledgement, a satisfaction score, an effectiveness judgement...):
    only a quality manager may make it, with a reason, and the record's
    chatter keeps the previous and the new value."""

    _name = "amarc.correction.wizard"
    _description = "Correction of a recorded AMARC value"

    res_model = fields.Char(string="Model", required=True, readonly=True)
    res_id = fields.Integer(string="Record", required=True, readonly=True)
    field_name = fields.Selection(
        selection="_selection_field_name", string="Value to correct", required=True
    )
    field_type = fields.Char(compute="_compute_current_value")
    current_value = fields.Char(compute="_compute_current_value")
    value_datetime = fields.Datetime(string="New date and time")
    value_date = fields.Date(string="New date")
    value_boolean = fields.Boolean(string="New value (yes / no)")
    value_integer = fields.Integer(string="New number")
    value_float = fields.Float(string="New value")
    value_selection = fields.Selection(
        selection="_selection_value", string="New choice"
    )
    value_user_id = fields.Many2one("res.users", string="New person")
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        model = self.env.context.get("active_model")
        if model and "res_model" in fields_list:
            values["res_model"] = model
        if self.env.context.get("active_id") and "res_id" in fields_list:
            values["res_id"] = self.env.context["active_id"]
        return values

    def _record(self):
        self.ensure_one()
        if self.res_model not in self.env or not hasattr(
            self.env[self.res_model], "_amarc_protected_fields"
        ):
            raise UserError(
                self.env._(
                    "%(model)s holds no recorded AMARC value.", model=self.res_model
                )
            )
        record = self.env[self.res_model].browse(self.res_id).exists()
        if not record:
            raise UserError(self.env._("The record to correct no longer exists."))
        return record

    def _protected_fields(self, model_name):
        """{name: field} of the recorded values of ``model_name`` that a
        correction can set."""
        if model_name not in self.env:
            return {}
        model = self.env[model_name]
        names = (
            *getattr(model, "_amarc_protected_fields", ()),
            *getattr(model, "_amarc_protected_after_create", ()),
        )
        return {
            name: model._fields[name]
            for name in names
            if model._fields[name].type in VALUE_FIELDS
            and (
                model._fields[name].type != "many2one"
                or model._fields[name].comodel_name == "res.users"
            )
        }

    def _all_protected_fields(self):
        """Every recorded value of every model, by field name. The choices of a
        selection cannot depend on the record (the web client caches them with
        the view), so they list the recorded values of all models, each with
        its model; the correction accepts only those of the record's model."""
        found = {}
        for model_name in sorted(self.env.registry.models):
            model = self.env[model_name]
            if model._abstract or not getattr(model, "_amarc_protected_fields", ()):
                continue
            for name, field in self._protected_fields(model_name).items():
                found.setdefault(name, []).append((model, field))
        return found

    @api.model
    def _selection_field_name(self):
        return [
            (
                name,
                " / ".join(
                    f"{field._description_string(self.env)} ({model._description})"
                    for model, field in pairs
                ),
            )
            for name, pairs in sorted(self._all_protected_fields().items())
        ]

    @api.model
    def _selection_value(self):
        values = {}
        for pairs in self._all_protected_fields().values():
            for _model, field in pairs:
                if field.type == "selection":
                    for key, label in field._description_selection(self.env):
                        values.setdefault(key, label)
        return list(values.items())

    @api.depends("field_name", "res_model", "res_id")
    def _compute_current_value(self):
        for wizard in self:
            wizard.current_value = wizard.field_type = False
            fields_ = self._protected_fields(wizard.res_model)
            if wizard.field_name in fields_:
                wizard.field_type = fields_[wizard.field_name].type
                record = self.env[wizard.res_model].browse(wizard.res_id).exists()
                if record:
                    wizard.current_value = wizard._display(record, wizard.field_name)

    def _display(self, record, name):
        value = record[name]
        field = record._fields[name]
        if field.type == "boolean":
            return self.env._("Yes") if value else self.env._("No")
        if not value and value != 0:
            return self.env._("(empty)")
        if field.type == "many2one":
            return value.display_name
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, value)
        if field.type == "date":
            return format_date(self.env, value)
        if field.type == "datetime":
            return format_datetime(self.env, value)
        return field.convert_to_display_name(value, record)

    def _new_value(self, field):
        value = self[VALUE_FIELDS[field.type]]
        if field.type == "selection":
            if value and value not in dict(field._description_selection(self.env)):
                raise UserError(
                    self.env._(
                        "%(value)s is not a possible value of %(field)s.",
                        value=value,
                        field=field._description_string(self.env),
                    )
                )
            return value or False
        if field.type == "many2one":
            return value.id
        return value

    def action_apply(self):
        self.ensure_one()
        if not self.env.user.has_group("amarc_referential.group_amarc_manager"):
            raise AccessError(
                self.env._("Only a quality manager may correct a recorded value.")
            )
        record = self._record()
        record.check_access("write")
        field = self._protected_fields(self.res_model).get(self.field_name)
        if not field:
            raise UserError(
                self.env._(
                    "%(field)s is not a recorded value of %(model)s.",
                    field=self.field_name,
                    model=record._description,
                )
            )
        if not (self.reason or "").strip():
            raise UserError(self.env._("Say why the recorded value is corrected."))
        name = field.name
        before = self._display(record, name)
        record._amarc_write_protected({name: self._new_value(field)})
        after = self._display(record, name)
        if hasattr(record, "message_post"):
            record.message_post(
                body=Markup("<p>%s</p><p>%s</p>")
                % (
                    self.env._(
                        "Correction of %(field)s: %(before)s → %(after)s.",
                        field=field._description_string(self.env),
                        before=before,
                        after=after,
                    ),
                    self.env._("Reason: %(reason)s", reason=self.reason.strip()),
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return {"type": "ir.actions.act_window_close"}
