import werkzeug

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController


class AmarcHelpdeskTicketController(HelpdeskTicketController):
    @http.route()
    def support_ticket_close(self, **kw):
        """Close a ticket from the portal's close button.

        helpdesk_mgmt closes any ticket whose id is sent, for any logged-in
        user. Here only the ticket's own customer (a user of the customer's
        commercial entity) or an internal user allowed to write the ticket
        closes it; anybody else gets the same "not found" as for a ticket that
        does not exist. A closing by the customer is a withdrawal of the
        complaint, not an answer."""
        try:
            ticket_id = int(kw.get("ticket_id"))
            stage_id = int(kw.get("stage_id"))
        except (TypeError, ValueError):
            raise werkzeug.exceptions.NotFound() from None
        user = request.env.user
        ticket = request.env["helpdesk.ticket"].sudo().browse(ticket_id).exists()
        if not ticket:
            raise werkzeug.exceptions.NotFound()
        internal = user._is_internal()
        if internal:
            try:
                ticket.with_user(user).check_access("write")
            except AccessError:
                raise werkzeug.exceptions.NotFound() from None
        elif (
            not ticket.partner_id
            or ticket.partner_id.commercial_partner_id
            != user.partner_id.commercial_partner_id
        ):
            raise werkzeug.exceptions.NotFound()
        stage = request.env["helpdesk.ticket.stage"].sudo().browse(stage_id).exists()
        if (
            stage
            and stage.close_from_portal
            and stage.closed
            and (not stage.company_id or stage.company_id == ticket.company_id)
            and not ticket.stage_id.closed
        ):
            if internal:
                ticket.with_user(user).write({"stage_id": stage.id})
            else:
                ticket._amarc_withdraw(stage)
        # a plain 302, as helpdesk_mgmt answers
        return werkzeug.utils.redirect(f"/my/ticket/{ticket.id}")
