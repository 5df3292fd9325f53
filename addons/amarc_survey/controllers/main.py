from odoo.http import request, route

from odoo.addons.survey.controllers.main import Survey


class AmarcSurvey(Survey):
    @route()
    def survey_retry(self, survey_token, answer_token, **post):
        """The satisfaction survey of a request is answered once: "retry" with
        the token of its answer creates no new answer (it would count for no
        request) but shows the answer given, as the personal link does. Other
        surveys retry as in Odoo."""
        _survey_sudo, answer_sudo = self._fetch_from_access_token(
            survey_token, answer_token
        )
        if answer_sudo._amarc_answered_once():
            return request.redirect(
                f"/survey/start/{answer_sudo.survey_id.access_token}"
                f"?answer_token={answer_sudo.access_token}"
            )
        return super().survey_retry(survey_token, answer_token, **post)
