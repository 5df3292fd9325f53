from odoo import fields, models


class SurveyUserInput(models.Model):
    _name = "survey.user_input"
    _inherit = ["survey.user_input", "amarc.protected.mixin"]
    #: the request and the ticket an answer counts for are set by the dispatch
    #: of the request (in sudo), never re-linked by a survey officer
    _amarc_protected_fields = ("amarc_request_id", "amarc_ticket_id")

    amarc_request_id = fields.Many2one(
        "amarc.satisfaction.request",
        string="AMARC satisfaction request",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    amarc_ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Ticket",
        index="btree_not_null",
        readonly=True,
        copy=False,
        ondelete="set null",
    )

    def _amarc_answered_once(self):
        """Whether this is the answer of an AMARC satisfaction survey, which
        the customer gives once (no retry)."""
        return bool(self.amarc_request_id or self.amarc_ticket_id)

    def _mark_done(self):
        res = super()._mark_done()
        # an answer counts only for the request whose own answer it is (the
        # request reads its score from its own ``user_input_id``)
        requests = (
            self.sudo()
            .filtered(
                lambda i: not i.test_entry and i.amarc_request_id.user_input_id == i
            )
            .amarc_request_id
        )
        if requests:
            requests._amarc_register_answer()
        return res
