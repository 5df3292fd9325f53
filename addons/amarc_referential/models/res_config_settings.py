from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    amarc_referential_id = fields.Many2one(
        related="company_id.amarc_referential_id", readonly=False
    )
    amarc_level = fields.Selection(related="company_id.amarc_level", readonly=False)
    amarc_quality_manager_id = fields.Many2one(
        related="company_id.amarc_quality_manager_id", readonly=False
    )

    def action_amarc_generate_obligations(self):
        self.company_id._amarc_generate_obligations()
        return self.env["ir.actions.act_window"]._for_xml_id(
            "amarc_referential.amarc_obligation_action"
        )
