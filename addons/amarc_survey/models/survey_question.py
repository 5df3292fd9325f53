from odoo import models

from .amarc_survey_config import SATISFIED_MIN_SCORE


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    def _amarc_satisfied_answers(self):
        """The suggested answers of this satisfaction question that count as
        satisfied: those marked, else those scored 4 or more."""
        answers = self.sudo().suggested_answer_ids
        marked = answers.filtered("amarc_satisfied")
        if marked:
            return marked
        return answers.filtered(lambda a: a.amarc_score >= SATISFIED_MIN_SCORE)
