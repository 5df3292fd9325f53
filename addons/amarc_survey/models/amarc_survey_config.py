from odoo import api, fields, models
from odoo.exceptions import ValidationError

DELAY_UNITS = [
    ("hours", "Hours"),
    ("days", "Days"),
    ("working_days", "Working days"),
]
TRIGGERS = [
    ("auto", "Automatic when the ticket is closed"),
    ("manual", "Sent by the agent"),
]
#: default satisfaction threshold on a 1-5 scale (Zendesk, AMARC practice: 4 and 5)
SATISFIED_MIN_SCORE = 4
DEFAULT_SURVEY = "amarc_survey.survey_amarc_satisfaction"

#: upper bound of every delay and window: a typo cannot stall the crons
MAX_DAYS = 365


class AmarcSurveyConfigMixin(models.AbstractModel):
    """The satisfaction survey settings, shared by the company (the default)
    and the helpdesk teams (which may override them)."""

    _name = "amarc.survey.config.mixin"
    _description = "AMARC Satisfaction Survey Settings"

    amarc_survey_id = fields.Many2one(
        "survey.survey",
        string="Satisfaction survey",
        domain="[('survey_type', 'in', ('survey', 'custom'))]",
        help="The survey sent to the customers after the response. The ready-made "
        "AMARC satisfaction survey when empty.",
    )
    amarc_survey_delay = fields.Integer(
        string="Survey delay",
        default=1,
        help="Time between the response to the customer and the survey (AMARC 5.2).",
    )
    amarc_survey_delay_unit = fields.Selection(
        DELAY_UNITS, string="Survey delay unit", default="days"
    )
    amarc_survey_trigger = fields.Selection(
        TRIGGERS, string="Survey trigger", default="auto"
    )
    amarc_survey_expiry_days = fields.Integer(
        string="Answer window (days)",
        default=30,
        help="Days the customer has to answer; the survey link then expires.",
    )
    amarc_survey_cooldown_days = fields.Integer(
        string="Survey cool-down (days)",
        default=30,
        help="No new survey to a customer already surveyed within this many days.",
    )
    amarc_survey_question_id = fields.Many2one(
        "survey.question",
        string="Satisfaction question",
        domain="[('survey_id', '=', amarc_survey_id), "
        "('question_type', '=', 'simple_choice')]",
        help="The question whose answer gives the score. The first single-choice "
        "question of the survey when empty.",
    )
    amarc_survey_satisfied_answer_ids = fields.Many2many(
        "survey.question.answer",
        string="Satisfied answers",
        compute="_compute_amarc_survey_satisfied_answer_ids",
        inverse="_inverse_amarc_survey_satisfied_answer_ids",
        domain="[('question_id', '=', amarc_survey_question_id)]",
        help="The answers to the satisfaction question that count as satisfied "
        "(4 and 5 on the default 1-5 scale).",
    )

    @api.depends("amarc_survey_question_id", "amarc_survey_id")
    def _compute_amarc_survey_satisfied_answer_ids(self):
        for record in self:
            record.amarc_survey_satisfied_answer_ids = (
                record._amarc_survey_effective_question()._amarc_satisfied_answers()
            )

    def _inverse_amarc_survey_satisfied_answer_ids(self):
        for record in self:
            question = record._amarc_survey_effective_question()
            if not question:
                continue
            chosen = record.amarc_survey_satisfied_answer_ids & (
                question.suggested_answer_ids
            )
            (question.suggested_answer_ids - chosen).amarc_satisfied = False
            chosen.amarc_satisfied = True

    @api.constrains(
        "amarc_survey_delay",
        "amarc_survey_delay_unit",
        "amarc_survey_expiry_days",
        "amarc_survey_cooldown_days",
    )
    def _check_amarc_survey_delays(self):
        for record in self:
            if (
                record.amarc_survey_delay < 0
                or record.amarc_survey_expiry_days < 0
                or record.amarc_survey_cooldown_days < 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(record)s: the survey delay, answer window and cool-down "
                        "cannot be negative.",
                        record=record.display_name,
                    )
                )
            delay_days = record.amarc_survey_delay / (
                24 if record.amarc_survey_delay_unit == "hours" else 1
            )
            if (
                delay_days > MAX_DAYS
                or record.amarc_survey_expiry_days > MAX_DAYS
                or record.amarc_survey_cooldown_days > MAX_DAYS
            ):
                raise ValidationError(
                    self.env._(
                        "%(record)s: the survey delay, answer window and cool-down "
                        "cannot exceed %(max)s days.",
                        record=record.display_name,
                        max=MAX_DAYS,
                    )
                )

    @api.constrains("amarc_survey_id", "amarc_survey_question_id")
    def _check_amarc_survey_question(self):
        for record in self:
            question = record.amarc_survey_question_id
            if question and question.survey_id != record._amarc_survey_effective():
                raise ValidationError(
                    self.env._(
                        "%(record)s: the satisfaction question must belong to the "
                        "satisfaction survey.",
                        record=record.display_name,
                    )
                )

    def _amarc_survey_effective(self):
        self.ensure_one()
        return (
            self.amarc_survey_id
            or self.env.ref(DEFAULT_SURVEY, raise_if_not_found=False)
            or self.env["survey.survey"]
        )

    def _amarc_survey_effective_question(self):
        self.ensure_one()
        survey = self._amarc_survey_effective()
        question = self.amarc_survey_question_id
        if question and question.sudo().survey_id == survey:
            return question
        return (
            survey.sudo()
            .question_ids.filtered(lambda q: q.question_type == "simple_choice")[:1]
            .sudo(False)
        )

    def _amarc_survey_values(self):
        """The effective settings, as a dict."""
        self.ensure_one()
        return {
            "survey": self._amarc_survey_effective(),
            "question": self._amarc_survey_effective_question(),
            "delay": self.amarc_survey_delay,
            # not required in the database: another module's records (a team
            # created while the registry is partial) may leave them empty
            "delay_unit": self.amarc_survey_delay_unit or "days",
            "trigger": self.amarc_survey_trigger or "auto",
            "expiry_days": self.amarc_survey_expiry_days,
            "cooldown_days": self.amarc_survey_cooldown_days,
        }
