from odoo import fields, models


class HelpdeskTicketTeam(models.Model):
    _name = "helpdesk.ticket.team"
    _inherit = ["helpdesk.ticket.team", "amarc.survey.config.mixin"]

    amarc_survey_custom = fields.Boolean(
        string="Own satisfaction survey settings",
        help="Use the survey settings below for this team's tickets instead of the "
        "company's.",
    )

    def _amarc_survey_settings(self, company):
        """The effective settings of the team, or of ``company`` when the team
        has none (or is empty)."""
        if self and self.amarc_survey_custom:
            return self._amarc_survey_values()
        return company._amarc_survey_values()
