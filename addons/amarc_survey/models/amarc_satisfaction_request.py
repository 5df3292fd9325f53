import logging
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date
from odoo.tools.mail import generate_tracking_message_id

_logger = logging.getLogger(__name__)

CRON_BATCH_SIZE = 200
REQUEST_STATES = [
    ("scheduled", "Scheduled"),
    ("sent", "Sent"),
    ("answered", "Answered"),
    ("expired", "Expired"),
    ("cancelled", "Cancelled"),
    ("skipped", "Skipped"),
]
SKIP_REASONS = [
    ("no_email", "Customer without e-mail"),
    ("opt_out", "Customer opted out"),
    ("cooldown", "Customer surveyed recently"),
    ("no_survey", "No active survey"),
]
RESATISFACTION_STATES = [
    ("pending", "To follow up"),
    ("resatisfied", "Re-satisfied"),
    ("not_resatisfied", "Not re-satisfied"),
]
#: states of a request that reached the customer (response rate denominator)
SENT_STATES = ("sent", "answered", "expired")
MAIL_TEMPLATE = "amarc_survey.mail_template_amarc_satisfaction_request"
ACTIVITY_TYPE = "amarc_survey.mail_activity_type_amarc_resatisfaction"
MAIL_LAYOUT = "mail.mail_notification_light"


class AmarcSatisfactionRequest(models.Model):
    """One satisfaction survey of one ticket (AMARC 5.1, 5.2): scheduled a
    defined delay after the response, sent by a cron with a personal link,
    answered, expired, and for a dissatisfied answer followed up until the
    customer is re-satisfied."""

    _name = "amarc.satisfaction.request"
    _description = "AMARC Satisfaction Request"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "amarc.retention.mixin",
        "amarc.protected.mixin",
    ]
    #: the customer's verdict and the life of the survey are recorded by the
    #: dispatch, the answer and the expiry, never written by a user
    _amarc_protected_fields = (
        "state",
        "skip_reason",
        "sent_date",
        "answer_date",
        "user_input_id",
        "score",
        "satisfied",
    )
    # Records: one year from the survey (chapter V.2).
    _amarc_retention_years = 1
    _amarc_retention_date_field = "sent_date"
    _order = "scheduled_date desc, id desc"
    _check_company_auto = True

    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
    )
    company_id = fields.Many2one(
        related="ticket_id.company_id", store=True, index=True, precompute=True
    )
    team_id = fields.Many2one(
        related="ticket_id.team_id", store=True, index=True, precompute=True
    )
    category_id = fields.Many2one(
        related="ticket_id.category_id", string="Reason", store=True
    )
    user_id = fields.Many2one(
        related="ticket_id.user_id", string="Agent", store=True, index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index=True,
        readonly=True,
        tracking=True,
    )
    survey_id = fields.Many2one("survey.survey", required=True, readonly=True)
    question_id = fields.Many2one(
        "survey.question",
        string="Satisfaction question",
        readonly=True,
        help="The question whose answer gives the score.",
    )
    trigger = fields.Selection(
        [("auto", "Automatic"), ("manual", "Manual")],
        required=True,
        default="manual",
        readonly=True,
    )
    state = fields.Selection(
        REQUEST_STATES,
        default="scheduled",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        group_expand=True,
    )
    skip_reason = fields.Selection(SKIP_REASONS, readonly=True, tracking=True)
    scheduled_date = fields.Datetime(
        string="Scheduled for",
        required=True,
        readonly=True,
        tracking=True,
        help="The response date plus the survey delay (AMARC 5.2).",
    )
    sent_date = fields.Datetime(string="Sent on", readonly=True, copy=False)
    expiry_date = fields.Datetime(
        string="Answer by",
        readonly=True,
        copy=False,
        help="End of the answer window: the deadline of the survey link.",
    )
    answer_date = fields.Datetime(string="Answered on", readonly=True, copy=False)
    user_input_id = fields.Many2one(
        "survey.user_input",
        string="Survey answer",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    score = fields.Integer(readonly=True, copy=False, aggregator="avg")
    satisfied = fields.Boolean(readonly=True, copy=False)
    score_display = fields.Char(
        string="Score on its scale",
        compute="_compute_customer_answer",
        help="The score the customer gave, on the scale of the satisfaction "
        "question (e.g. 2/5).",
    )
    customer_reason = fields.Char(
        string="Customer's reason",
        compute="_compute_customer_answer",
        help="What the customer said disappointed them most, as they answered "
        "it in the survey.",
    )
    customer_comment = fields.Text(
        string="Customer's comment",
        compute="_compute_customer_answer",
        help="The free comment the customer left in the survey.",
    )
    resatisfaction_state = fields.Selection(
        RESATISFACTION_STATES,
        string="Re-satisfaction",
        readonly=True,
        copy=False,
        tracking=True,
    )
    resatisfaction_note = fields.Text(
        string="Follow-up note",
        copy=False,
        help="What was done to bring the customer back to satisfaction, and the "
        "customer's reaction.",
    )
    resatisfaction_date = fields.Datetime(
        string="Followed up on", readonly=True, copy=False, tracking=True
    )
    resatisfaction_user_id = fields.Many2one(
        "res.users", string="Followed up by", readonly=True, copy=False
    )
    # the customer's personal link: in the invitation (rendered by the system),
    # never shown to the agents, who could answer in the customer's place
    survey_url = fields.Char(
        string="Survey link",
        compute="_compute_survey_url",
        compute_sudo=True,
        groups="base.group_system",
    )
    # What the survey e-mail shows, in the language and time zone of the
    # customer it is rendered for (the template renders these plain field
    # paths without evaluating code: see ``mail_allowed_qweb_expressions``).
    survey_link_html = fields.Html(
        string="Survey button",
        compute="_compute_survey_link_html",
        compute_sudo=True,
        sanitize=False,
        groups="base.group_system",
    )
    expiry_date_text = fields.Char(
        string="Answer by (customer's date)",
        compute="_compute_expiry_date_text",
    )

    # One live automatic request per ticket (Zendesk: one survey per ticket);
    # a reopening cancels it and lets the next closing schedule a new one.
    _one_auto_request_per_ticket = models.UniqueIndex(
        "(ticket_id) WHERE trigger = 'auto' AND state NOT IN ('cancelled', 'skipped')",
        "A ticket has at most one automatic satisfaction survey.",
    )
    _due_idx = models.Index("(scheduled_date, id) WHERE state = 'scheduled'")
    _expiry_idx = models.Index("(expiry_date) WHERE state = 'sent'")
    _partner_sent_idx = models.Index(
        "(partner_id, sent_date) WHERE sent_date IS NOT NULL"
    )

    @api.depends("score", "state", "question_id", "user_input_id")
    def _compute_customer_answer(self):
        """What the customer answered, read from their survey answer: the
        score on the scale of the satisfaction question, the reason (the
        choices and "other" texts of the other choice questions) and the free
        comments. The answer itself (with its personal token) stays for the
        survey officers: only these texts are read, in sudo."""
        for request in self:
            request.score_display = False
            request.customer_reason = False
            request.customer_comment = False
            if request.state != "answered":
                continue
            question = request.question_id.sudo()
            if request.score:
                scale = max(question.suggested_answer_ids.mapped("amarc_score") or [5])
                request.score_display = f"{request.score}/{scale}"
            reasons, comments = [], []
            for line in request.user_input_id.sudo().user_input_line_ids.sorted(
                lambda line: (line.question_sequence, line.id)
            ):
                if line.skipped or line.question_id == question:
                    continue
                if line.question_id.question_type in (
                    "simple_choice",
                    "multiple_choice",
                ):
                    reasons.append(
                        line.suggested_answer_id.value
                        if line.answer_type == "suggestion"
                        else line.value_char_box
                    )
                elif line.answer_type in ("text_box", "char_box"):
                    comments.append(line.value_text_box or line.value_char_box)
            request.customer_reason = ", ".join(filter(None, reasons)) or False
            request.customer_comment = "\n".join(filter(None, comments)) or False

    @api.depends("ticket_id", "state")
    def _compute_display_name(self):
        for request in self:
            request.display_name = self.env._(
                "Survey of %(ticket)s", ticket=request.ticket_id.display_name or ""
            )

    @api.depends("user_input_id.access_token")
    @api.depends("user_input_id")
    @api.depends_context("lang")
    def _compute_survey_link_html(self):
        label = self.env._("Answer the survey")
        for request in self:
            request.survey_link_html = (
                Markup(
                    '<a href="%s" style="background-color: #875A7B; '
                    "padding: 8px 16px; color: #fff; text-decoration: none; "
                    'border-radius: 5px;">%s</a>'
                )
                % (request.survey_url, label)
                if request.survey_url
                else False
            )

    @api.depends("expiry_date", "partner_id.tz", "company_id.partner_id.tz")
    @api.depends_context("lang")
    def _compute_expiry_date_text(self):
        """The last day of the answer window, as the customer reads dates:
        in their time zone (else the company's), in the rendering language."""
        for request in self:
            if not request.expiry_date:
                request.expiry_date_text = False
                continue
            tz = request.partner_id.tz or request.company_id.partner_id.tz or "UTC"
            local = fields.Datetime.context_timestamp(
                request.with_context(tz=tz), request.expiry_date
            )
            request.expiry_date_text = format_date(self.env, local.date())

    def mail_allowed_qweb_expressions(self):
        """The fields the survey e-mail shows: the template renders them as
        plain values (Odoo's safe rendering, no code evaluated), editable by
        whoever may edit mail templates."""
        return super().mail_allowed_qweb_expressions() + (
            "object.partner_id.id",
            "object.partner_id.lang",
            "object.ticket_id.number",
            "object.ticket_id.name",
            "object.company_id.name",
            "object.company_id.email_formatted",
            "object.survey_link_html",
            "object.expiry_date_text",
        )

    def _compute_survey_url(self):
        for request in self:
            user_input = request.user_input_id
            request.survey_url = (
                user_input.get_base_url() + user_input.get_start_url()
                if user_input
                else False
            )

    # ------------------------------------------------------------------
    # Scheduling
    # ------------------------------------------------------------------
    @api.model
    def _amarc_add_delays(self, items):
        """``items``: list of (company, start, delay, unit). Returns the list of
        start + delay, with one calendar lookup for all the working days."""
        working = [item for item in items if item[3] == "working_days"]
        calendars = {}
        if working:
            companies = self.env["res.company"].union(*(item[0] for item in working))
            starts = [item[1] for item in working]
            calendars = companies._amarc_working_calendars(
                min(starts) - timedelta(days=1),
                max(starts) + timedelta(days=7 * max(i[2] for i in working) + 62),
            )
        result = []
        for company, start, delay, unit in items:
            if delay < 0:
                raise UserError(self.env._("A survey delay cannot be negative."))
            if unit == "hours":
                result.append(start + timedelta(hours=delay))
            elif unit == "days":
                result.append(start + timedelta(days=delay))
            else:
                result.append(calendars[company.id].add_working_days(start, delay))
        return result

    # ------------------------------------------------------------------
    # Sending (cron)
    # ------------------------------------------------------------------
    @api.model
    def _cron_amarc_send_surveys(self, batch_size=CRON_BATCH_SIZE):
        """Expire the unanswered surveys past their window, then send the due
        requests by batches (``ir.cron``'s ``_amarc_process_batches``: each
        batch locked and committed): two workers never send the same request,
        a crash loses nothing, a second run finds nothing left to send."""
        expired = self._amarc_expire_due(batch_size)
        sent = self.env["ir.cron"]._amarc_process_batches(
            self._name,
            SQL("state = 'scheduled' AND scheduled_date <= %s", fields.Datetime.now()),
            lambda batch: batch._amarc_send(),
            batch_size,
            order=SQL("scheduled_date, id"),
        )
        return {"expired": expired, "processed": sent}

    @api.model
    def _amarc_expire_due(self, batch_size=CRON_BATCH_SIZE):
        return self.env["ir.cron"]._amarc_process_batches(
            self._name,
            SQL("state = 'sent' AND expiry_date < %s", fields.Datetime.now()),
            lambda batch: batch.write({"state": "expired"}),
            batch_size,
        )

    def _amarc_settings_cache(self):
        cache = {}

        def settings(request):
            key = (request.team_id.id, request.company_id.id)
            if key not in cache:
                cache[key] = request.team_id._amarc_survey_settings(request.company_id)
            return cache[key]

        return settings

    def _amarc_send(self):
        """Send the scheduled requests of ``self`` (locked by the caller): skip
        those that must not be sent, with the reason; create the survey answers
        (personal token, deadline) in one go; queue the rendered e-mails."""
        todo = self.filtered(lambda r: r.state == "scheduled")
        if not todo:
            return self.browse()
        now = fields.Datetime.now()
        settings = todo._amarc_settings_cache()
        to_send = todo._amarc_skip_unsendable(settings, now)
        if not to_send:
            return to_send
        to_send._amarc_create_answers(settings, now)
        # tracked in one go below, not message by message
        to_send.with_context(tracking_disable=True).write(
            {"state": "sent", "sent_date": now, "skip_reason": False}
        )
        to_send._amarc_log_state_change("scheduled")
        to_send._amarc_queue_mails()
        return to_send

    def _amarc_log_state_change(self, old_state):
        """The chatter trace of the change of ``state`` from ``old_state`` to
        the current one, for every request of ``self``: the message Odoo's
        tracking logs (a note by the current user holding the tracking value),
        created for the whole batch at once instead of one by one."""
        if not self:
            return self.env["mail.message"]
        Tracking = self.env["mail.tracking.value"]
        field_info = self.fields_get(
            ["state"], attributes=("string", "type", "selection")
        )["state"]
        author = self.env.user.partner_id
        subtype_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        # what ``_message_log_batch`` sets, computed once for the batch
        common = {
            "model": self._name,
            "author_id": author.id,
            "email_from": author.email_formatted,
            "message_type": "notification",
            "subtype_id": subtype_id,
            "is_internal": True,
            "body": "",
            "record_alias_domain_id": False,
            "record_company_id": False,
            "email_add_signature": False,
            "reply_to": self.env["mail.thread"]._notify_get_reply_to(
                default=author.email_formatted, author_id=author.id
            )[False],
        }
        vals_list = []
        for request in self:
            tracking = Tracking._create_tracking_values(
                old_state, request.state, "state", field_info, request
            )
            vals_list.append(
                {
                    **common,
                    "res_id": request.id,
                    "message_id": generate_tracking_message_id("message-notify"),
                    "tracking_value_ids": [Command.create(tracking)],
                }
            )
        return self.env["mail.message"].sudo().create(vals_list)

    def _amarc_skip_unsendable(self, settings, now):
        """Mark skipped, with their reason, the requests of ``self`` that must
        not be sent (no e-mail, opt-out, survey archived, customer surveyed
        within the cool-down); return the others."""
        last_sent = dict(
            self._read_group(
                [
                    ("partner_id", "in", self.partner_id.ids),
                    ("sent_date", "!=", False),
                    ("id", "not in", self.ids),
                ],
                ["partner_id"],
                ["sent_date:max"],
            )
        )
        skipped = {}
        to_send = self.browse()
        for request in self:
            partner = request.partner_id
            cooldown = settings(request)["cooldown_days"]
            last = last_sent.get(partner)
            if not partner or not partner.email:
                reason = "no_email"
            elif partner.amarc_survey_opt_out:
                reason = "opt_out"
            elif not request.survey_id.active:
                reason = "no_survey"
            elif cooldown and last and last > now - timedelta(days=cooldown):
                reason = "cooldown"
            else:
                reason = False
                last_sent[partner] = now
                to_send |= request
            if reason:
                skipped.setdefault(reason, self.browse())
                skipped[reason] |= request
        for reason, requests in skipped.items():
            requests.write({"state": "skipped", "skip_reason": reason})
        return to_send

    def _amarc_create_answers(self, settings, now):
        """The survey answer of each request of ``self`` (personal token,
        deadline at the end of the answer window), created in one go."""
        UserInput = (
            self.env["survey.user_input"]
            .sudo()
            .with_context(
                tracking_disable=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
            )
        )
        vals_list = []
        for request in self:
            partner = request.partner_id
            vals = {
                "survey_id": request.survey_id.id,
                "partner_id": partner.id,
                "email": partner.email,
                "nickname": partner.name,
                "deadline": now
                + timedelta(days=settings(request)["expiry_days"] or 3650),
                "amarc_request_id": request.id,
                "amarc_ticket_id": request.ticket_id.id,
            }
            if request.survey_id.is_attempts_limited:
                vals["invite_token"] = UserInput._generate_invite_token()
            vals_list.append(vals)
        user_inputs = UserInput.create(vals_list)
        # no tracked field among these: nothing for the chatter
        untracked = self.with_context(tracking_disable=True)
        for request, user_input in zip(untracked, user_inputs, strict=True):
            request.write(
                {
                    "user_input_id": user_input.id,
                    "expiry_date": user_input.deadline,
                }
            )

    def _amarc_mail_groups(self):
        """{(fallback language, reply-to): request ids}. The template renders
        each mail in its customer's language (its ``lang``); a customer without
        one reads the company's. The reply-to of each request is computed once
        for the batch (mail.message would compute it mail by mail)."""
        reply_to = self._notify_get_reply_to()
        groups = defaultdict(list)
        for request in self:
            lang = (
                request.partner_id.lang
                or request.company_id.partner_id.lang
                or self.env.lang
            )
            groups[(lang, reply_to.get(request.id) or False)].append(request.id)
        return groups

    def _amarc_queue_mails(self):
        """Queue the survey e-mail of each request, to its customer, with the
        personal link, through the template's batch API (``send_mail_batch``:
        each field rendered once per language for all the requests, the
        notification layout around the body, the mails created by batches and
        sent by the mail queue).

        The link is the customer's alone: the mails go to the customer only,
        whatever recipients the template names, and the request's chatter
        keeps each sending (subject, recipient, date) as its proof, without
        the body."""
        template = self.env.ref(MAIL_TEMPLATE).sudo()
        mails = self.env["mail.mail"].sudo()
        for (lang, reply_to), ids in self._amarc_mail_groups().items():
            mails |= template.with_context(lang=lang).send_mail_batch(
                ids,
                email_layout_xmlid=MAIL_LAYOUT,
                email_values={
                    "reply_to": reply_to,
                    "email_to": False,
                    "email_cc": False,
                    "message_type": "email",
                },
            )
        mails.mail_message_id.write({"body": False})
        requests = self.browse(mails.mapped("res_id"))
        for mail, request in zip(mails, requests, strict=True):
            if mail.recipient_ids != request.partner_id:
                _logger.warning(
                    "The survey template names other recipients than the "
                    "customer: %s is sent to its customer alone.",
                    request.display_name,
                )
                mail.recipient_ids = request.partner_id
        return mails

    # ------------------------------------------------------------------
    # Completion and re-satisfaction
    # ------------------------------------------------------------------
    def _amarc_register_answer(self):
        """Called when the customer completes the survey: the score and the
        satisfaction are read from the satisfaction question; a dissatisfied
        answer opens the re-satisfaction follow-up."""
        now = fields.Datetime.now()
        for request in self:
            if request.state not in ("sent", "expired", "scheduled"):
                continue
            question = request.question_id
            line = request.user_input_id.user_input_line_ids.filtered(
                lambda line, q=question: (
                    line.question_id == q and line.suggested_answer_id
                )
            )[:1]
            answer = line.suggested_answer_id
            satisfied = bool(answer and answer in question._amarc_satisfied_answers())
            request.write(
                {
                    "state": "answered",
                    "answer_date": now,
                    "score": answer.amarc_score,
                    "satisfied": satisfied,
                }
            )
            ticket = request.ticket_id
            ticket.message_post(
                body=self.env._(
                    "Satisfaction survey answered: %(answer)s (%(verdict)s).",
                    answer=answer.value or self.env._("no score"),
                    verdict=self.env._("satisfied")
                    if satisfied
                    else self.env._("dissatisfied"),
                ),
                subtype_xmlid="mail.mt_note",
            )
            if answer and not satisfied:
                request._amarc_open_resatisfaction()

    def _amarc_resatisfaction_user(self):
        self.ensure_one()
        return (
            self.team_id.user_id
            or self.company_id.amarc_quality_manager_id
            or self.ticket_id.user_id
            or self.env.ref("base.user_admin", raise_if_not_found=False)
        )

    def _amarc_open_resatisfaction(self):
        activity_type = self.env.ref(ACTIVITY_TYPE)
        for request in self:
            request.resatisfaction_state = "pending"
            request.ticket_id.amarc_dissatisfied = True
            user = request._amarc_resatisfaction_user()
            request.activity_schedule(
                activity_type_id=activity_type.id,
                summary=self.env._(
                    "Dissatisfied customer %(customer)s (score %(score)s): bring "
                    "them back to satisfaction",
                    customer=request.partner_id.name or "",
                    score=request.score_display or request.score,
                ),
                user_id=user.id if user else self.env.uid,
            )

    def _amarc_close_resatisfaction(self, outcome):
        activity_type = self.env.ref(ACTIVITY_TYPE)
        for request in self:
            if request.resatisfaction_state != "pending":
                raise UserError(
                    self.env._(
                        "%(request)s has no re-satisfaction follow-up to close.",
                        request=request.display_name,
                    )
                )
            if not (request.resatisfaction_note or "").strip():
                raise UserError(
                    self.env._(
                        "Describe the follow-up of %(request)s in the follow-up "
                        "note before recording its outcome.",
                        request=request.display_name,
                    )
                )
            request.write(
                {
                    "resatisfaction_state": outcome,
                    "resatisfaction_date": fields.Datetime.now(),
                    "resatisfaction_user_id": self.env.uid,
                }
            )
            request.activity_ids.filtered(
                lambda a, t=activity_type: a.activity_type_id == t
            ).action_feedback(feedback=request.resatisfaction_note)
        return True

    def _amarc_resatisfaction_outcome(self, outcome):
        """Record ``outcome``; on a follow-up whose note is still empty, open
        the dialog that asks for it first (the outcome is recorded with its
        note, never without)."""
        if (
            len(self) == 1
            and self.resatisfaction_state == "pending"
            and not (self.resatisfaction_note or "").strip()
        ):
            self.check_access("write")
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Customer re-satisfied")
                if outcome == "resatisfied"
                else self.env._("Not re-satisfied"),
                "res_model": "amarc.resatisfaction.close",
                "view_mode": "form",
                "views": [(False, "form")],
                "target": "new",
                "context": {
                    "default_request_id": self.id,
                    "default_outcome": outcome,
                },
            }
        return self._amarc_close_resatisfaction(outcome)

    def action_resatisfied(self):
        return self._amarc_resatisfaction_outcome("resatisfied")

    def action_not_resatisfied(self):
        return self._amarc_resatisfaction_outcome("not_resatisfied")

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_send_now(self):
        """Send the scheduled requests now (what the cron would do later)."""
        self.check_access("write")
        if any(r.state != "scheduled" for r in self):
            raise UserError(self.env._("Only scheduled surveys can be sent."))
        locked = self.env["ir.cron"]._amarc_lock_batch(
            self._name,
            SQL("id IN %s AND state = 'scheduled'", tuple(self.ids)),
            len(self),
        )
        locked.sudo()._amarc_send()
        return True

    def action_cancel(self):
        self.check_access("write")
        if any(r.state != "scheduled" for r in self):
            raise UserError(self.env._("Only a survey not sent yet can be cancelled."))
        self.sudo().write({"state": "cancelled"})
        return True

    def action_open_answer(self):
        self.ensure_one()
        if not self.user_input_id:
            raise UserError(self.env._("This survey has no answer yet."))
        # the answer holds the customer's personal token: for the survey
        # officers only (agents read the result on the request)
        self.user_input_id.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": "survey.user_input",
            "res_id": self.user_input_id.id,
            "view_mode": "form",
        }
