from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

#: 3.1: the call is taken within 30 seconds ...
ANSWER_MAX_SECONDS = 30
#: ... or, through an interactive voice response, a person is reached within
#: 3 minutes (waiting time + time in the IVR)
IVR_MAX_SECONDS = 180
#: 3.2: a customer who left a message is called back within 24 working hours
CALLBACK_MAX_WORKING_HOURS = 24

#: the criteria of the grid and the field holding each sample's result
GRID = {
    "3.1": "result_31",
    "3.2": "result_32",
    "3.3": "result_33",
    "3.4": "result_34",
    "3.7": "result_37",
}
RESULT = [("conform", "Conform"), ("gap", "Not conform")]
#: what the controller records, from which the grid's results are computed
MEASURES = (
    "answer_seconds",
    "ivr",
    "person_seconds",
    "unanswered_outcome",
    "message_date",
    "callback_date",
    "introduced",
    "isolated",
    "listened",
    "took_charge",
    "referral",
)


class AmarcControlSample(models.Model):
    """One call, visit or web contact of a campaign and its grid: the
    checkpoints of 3.3, 3.4 and 3.7 answered yes or no, the measures of 3.1 and
    3.2 against their thresholds. Each criterion's result is computed from the
    grid; a sample that does not concern a criterion leaves it empty."""

    _name = "amarc.control.sample"
    _description = "AMARC Control Sample"
    _order = "campaign_id, date, id"
    _check_company_auto = True

    campaign_id = fields.Many2one(
        "amarc.control.campaign",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="campaign_id.company_id", store=True, index=True, precompute=True
    )
    year = fields.Integer(related="campaign_id.year", store=True, aggregator=None)
    name = fields.Char(string="Reference")
    date = fields.Datetime(required=True)
    channel = fields.Selection(
        [("phone", "Phone"), ("visit", "Visit"), ("web", "Web")],
        required=True,
        default="phone",
    )
    team = fields.Char(string="Team or site")
    controller = fields.Char(help="Who made the call or the visit.")
    # 3.1
    answer_seconds = fields.Integer(
        string="Waiting time (s)",
        help="Seconds before the call was taken by a person or an interactive "
        "voice response.",
    )
    ivr = fields.Boolean(
        string="Interactive voice response",
        help="The call was taken by an interactive voice response (IVR).",
    )
    person_seconds = fields.Integer(
        string="Time to reach a person (s)",
        help="Through an IVR: waiting time plus time in the IVR until a person "
        "answered; 0 when no one was reached.",
    )
    unanswered_outcome = fields.Selection(
        [
            ("voicemail", "Voicemail to leave a message"),
            ("opening_hours", "Message giving the opening hours"),
            ("none", "Nothing"),
        ],
        string="When not taken within 30 s",
    )
    # 3.2
    message_date = fields.Datetime(string="Message left on")
    callback_date = fields.Datetime(string="Called back on")
    callback_working_hours = fields.Float(
        string="Call-back delay (working hours)",
        compute="_compute_results",
        store=True,
        digits=(16, 2),
    )
    # 3.3 (phone) and 3.4 (visit)
    introduced = fields.Boolean(
        string="Introduced themselves",
        help="Phone: gave their first or last name and the company's name. "
        "Visit: introduced themselves or could be identified.",
    )
    isolated = fields.Boolean(
        string="Took the customer aside", help="Visit: the customer was isolated."
    )
    listened = fields.Boolean()
    took_charge = fields.Boolean(string="Took charge of the request")
    # 3.7
    referral = fields.Selection(
        [
            ("not_needed", "Not needed"),
            ("informed", "Passed on, customer informed"),
            ("not_informed", "Not passed on or customer not informed"),
        ],
        help="When the person could not handle the dissatisfaction: passed on to "
        "the competent service or recorded, and the customer told where it went.",
    )
    note = fields.Text()

    result_31 = fields.Selection(
        RESULT, string="3.1 Call taken", compute="_compute_results", store=True
    )
    result_32 = fields.Selection(
        RESULT, string="3.2 Call-back", compute="_compute_results", store=True
    )
    result_33 = fields.Selection(
        RESULT, string="3.3 Phone welcome", compute="_compute_results", store=True
    )
    result_34 = fields.Selection(
        RESULT,
        string="3.4 Face-to-face welcome",
        compute="_compute_results",
        store=True,
    )
    result_37 = fields.Selection(
        RESULT, string="3.7 Referral", compute="_compute_results", store=True
    )

    _seconds_positive = models.Constraint(
        "CHECK(answer_seconds >= 0 AND person_seconds >= 0)",
        "Waiting times cannot be negative.",
    )

    @api.constrains("message_date", "callback_date", "channel", "date")
    def _check_dates(self):
        for sample in self:
            if sample.callback_date and not sample.message_date:
                raise ValidationError(
                    self.env._(
                        "%(sample)s: a call-back needs the date the message was left.",
                        sample=sample._label(),
                    )
                )
            if sample.callback_date and sample.callback_date < sample.message_date:
                raise ValidationError(
                    self.env._(
                        "%(sample)s: the call-back cannot be before the message was "
                        "left.",
                        sample=sample._label(),
                    )
                )
            if sample.message_date and sample.channel != "phone":
                raise ValidationError(self.env._("Only a phone call leaves a message."))

    def _label(self):
        """How an error names the sample: its reference, else its date (as
        imported: the row's own words)."""
        return self.name or fields.Datetime.to_string(self.date) or ""

    @api.model
    def _result(self, conform):
        return "conform" if conform else "gap"

    def _result_31(self):
        if self.channel != "phone":
            return False
        if self.ivr:
            return self._result(0 < self.person_seconds <= IVR_MAX_SECONDS)
        return self._result(
            0 < self.answer_seconds <= ANSWER_MAX_SECONDS
            or self.unanswered_outcome in ("voicemail", "opening_hours")
        )

    def _result_32(self, hours):
        if not self.message_date:
            return False
        return self._result(self.callback_date and hours <= CALLBACK_MAX_WORKING_HOURS)

    def _result_welcome(self, channel):
        """3.3 on the phone, 3.4 face to face: the checkpoints all met."""
        if self.channel != channel or (
            channel == "phone" and not self._reached_person()
        ):
            return False
        checks = [self.introduced, self.listened, self.took_charge]
        if channel == "visit":
            checks.append(self.isolated)
        return self._result(all(checks))

    def _reached_person(self):
        if self.ivr:
            return self.person_seconds > 0
        return self.answer_seconds > 0

    def _result_37(self):
        if self.referral not in ("informed", "not_informed"):
            return False
        return self._result(self.referral == "informed")

    @api.depends("channel", "company_id", *MEASURES)
    def _compute_results(self):
        hours = self._callback_hours()
        for sample in self:
            sample.callback_working_hours = hours.get(sample.id, 0.0)
            sample.result_31 = sample._result_31()
            sample.result_32 = sample._result_32(hours.get(sample.id, 0.0))
            sample.result_33 = sample._result_welcome("phone")
            sample.result_34 = sample._result_welcome("visit")
            sample.result_37 = sample._result_37()

    def _callback_hours(self):
        """{sample id: working hours from the message to the call-back}, with
        the working-time engine of the referential (a working day counts 24
        hours, days off and public holidays nothing): one calendar lookup for
        all the samples."""
        called = self.filtered(lambda s: s.message_date and s.callback_date)
        if not called:
            return {}
        calendars = called.company_id._amarc_working_calendars(
            min(called.mapped("message_date")), max(called.mapped("callback_date"))
        )
        return {
            sample.id: calendars[sample.company_id.id].working_hours_between(
                sample.message_date, sample.callback_date
            )
            for sample in called
        }

    def _check_campaign_open(self):
        done = self.campaign_id.filtered(lambda c: c.state == "done")
        if done:
            raise UserError(
                self.env._(
                    "Campaign %(campaign)s is done: its samples cannot change.",
                    campaign=done[0].name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        samples = super().create(vals_list)
        samples._check_campaign_open()
        return samples

    def write(self, vals):
        self._check_campaign_open()
        result = super().write(vals)
        if "campaign_id" in vals:
            self._check_campaign_open()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_campaign_done(self):
        self._check_campaign_open()

    @api.model
    def get_import_templates(self):
        """The import template in the user's language, with French or English
        columns (the import matches both, whatever the language). One only:
        Odoo 19's import screen keys its list of templates by the template
        itself, and two of them collide there (duplicate key)."""
        if (self.env.context.get("lang") or "").startswith("fr"):
            return [
                {
                    "label": self.env._(
                        "Import template for control samples (French columns)"
                    ),
                    "template": "/amarc_internal_audit/static/xls/"
                    "amarc_control_sample_fr.xlsx",
                }
            ]
        return [
            {
                "label": self.env._("Import template for control samples"),
                "template": "/amarc_internal_audit/static/xls/"
                "amarc_control_sample.xlsx",
            }
        ]
