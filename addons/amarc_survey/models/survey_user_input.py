from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    amarc_request_id = fields.Many2one(
        "amarc.satisfaction.request",
        string="AMARC satisfaction request",
        index="btree_not_null",
        readonly=True,
        ondelete="set null",
    )
    amarc_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Ticket",
        index="btree_not_null",
        readonly=True,
        ondelete="set null",
    )

    def _mark_done(self):
        res = super()._mark_done()
        requests = self.filtered(lambda i: not i.test_entry).amarc_request_id
        if requests:
            requests.sudo()._amarc_register_answer()
        return res
