import re

from odoo import api, fields, models

LEADING_NUMBER = re.compile(r"^\s*(\d+)")


class SurveyQuestionAnswer(models.Model):
    _inherit = "survey.question.answer"

    amarc_score = fields.Integer(
        string="Satisfaction score",
        compute="_compute_amarc_score",
        store=True,
        readonly=False,
        help="Score of this answer when its question is the satisfaction question "
        "of an AMARC survey (1 to 5 on the default scale). Read from the answer's "
        "leading number by default.",
    )
    amarc_satisfied = fields.Boolean(
        string="Counts as satisfied",
        help="A customer choosing this answer to the satisfaction question is "
        "counted as satisfied. When no answer of the question is marked, the "
        "answers scored 4 or more count as satisfied.",
    )

    @api.depends("value")
    def _compute_amarc_score(self):
        for answer in self:
            match = LEADING_NUMBER.match(answer.value or "")
            answer.amarc_score = int(match.group(1)) if match else 0
