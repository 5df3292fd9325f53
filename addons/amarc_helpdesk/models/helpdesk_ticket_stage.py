from odoo import fields, models


class HelpdeskTicketStage(models.Model):
    """Whether closing a ticket in this stage answers the complaint (AMARC
    4.10): an answer, be it a solution, a compensation, a commercial gesture
    or a rejection of the claim, is an answer; a cancellation, a withdrawal
    or a duplicate is not. Only answered complaints get a response date, a
    response delay, a place in the response indicators and a satisfaction
    survey."""

    _inherit = "helpdesk.ticket.stage"

    amarc_answered = fields.Boolean(
        string="Answers the complaint",
        default=True,
        help="For a closed stage: a ticket closed here was answered (solution, "
        "compensation, commercial gesture or rejection of the claim). Untick it "
        "for the stages that close a ticket without an answer (cancelled, "
        "duplicate): such tickets are counted apart in the indicators, get no "
        "response date and no satisfaction survey. A change applies to the "
        "tickets closed afterwards.",
    )
