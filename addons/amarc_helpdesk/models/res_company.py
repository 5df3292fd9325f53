from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.working_time import MAX_DELAY_DAYS


class ResCompany(models.Model):
    _inherit = "res.company"

    amarc_response_delay = fields.Integer(
        string="AMARC response delay (working days)",
        default=10,
        help="Response delay announced to the customer, in working days, when the "
        "ticket's team has none.",
    )
    amarc_response_warning_days = fields.Integer(
        string="AMARC response warning (working days)",
        default=1,
        help="The assigned agent gets an activity this many working days before "
        "the response date announced to the customer passes.",
    )
    amarc_mediator_id = fields.Many2one(
        "res.partner",
        string="Consumer mediator",
        help="The consumer mediator the company adheres to (Code de la "
        "consommation, L612-1), proposed on referrals.",
    )

    amarc_indicator_service_partner_ids = fields.Many2many(
        "res.partner",
        "res_company_amarc_indicator_service_rel",
        "company_id",
        "partner_id",
        string="Services concerned",
        help="They receive the indicator results every six months (AMARC 1.16).",
    )
    amarc_indicator_management_partner_ids = fields.Many2many(
        "res.partner",
        "res_company_amarc_indicator_management_rel",
        "company_id",
        "partner_id",
        string="General management",
        help="They receive the indicator results every year (AMARC 1.16).",
    )

    @api.constrains("amarc_response_delay", "amarc_response_warning_days")
    def _check_amarc_delays(self):
        for company in self:
            if (
                company.amarc_response_delay < 0
                or company.amarc_response_warning_days < 0
            ):
                raise ValidationError(
                    self.env._(
                        "The AMARC response delay and warning of company %(company)s "
                        "cannot be negative.",
                        company=company.name,
                    )
                )
            longest = max(
                company.amarc_response_delay, company.amarc_response_warning_days
            )
            if longest > MAX_DELAY_DAYS:
                raise ValidationError(
                    self.env._(
                        "The AMARC response delay and warning of company %(company)s "
                        "cannot exceed %(max)s working days.",
                        company=company.name,
                        max=MAX_DELAY_DAYS,
                    )
                )
