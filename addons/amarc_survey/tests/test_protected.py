"""The customer's verdict is the customer's: an agent cannot write the score,
the satisfaction or the state of a satisfaction request; the answer through
the survey records them; a quality manager corrects through the logged
correction."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AmarcSurveyCommon, paris


@tagged("post_install", "-at_install")
class TestProtectedSatisfaction(AmarcSurveyCommon):
    def test_agent_cannot_raise_the_score(self):
        self._closed_ticket(paris(2026, 1, 14, 10))
        self._cron(paris(2026, 1, 16, 10))
        request = self.Request.search([("company_id", "=", self.company.id)])
        self.assertEqual(len(request), 1)
        self._answer(request, 2)
        mine = request.with_user(self.agent)
        self.assertEqual(
            (mine.state, mine.score, mine.satisfied), ("answered", 2, False)
        )
        for vals in (
            {"score": 5},
            {"satisfied": True},
            {"state": "cancelled"},
            {"answer_date": paris(2026, 1, 20, 10)},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                mine.write(vals)
        # the customer's personal link is not the agent's to follow
        with self.assertRaises(AccessError):
            mine.read(["survey_url"])
        self.assertEqual(
            request.survey_url,
            request.user_input_id.get_base_url()
            + f"/survey/start/{self.survey.access_token}"
            f"?answer_token={request.user_input_id.access_token}",
        )
        # the agent writes what is his: the follow-up note
        mine.write({"resatisfaction_note": "Called back, replacement sent"})
        request.invalidate_recordset()
        self.assertEqual(request.resatisfaction_note, "Called back, replacement sent")
        self.assertEqual(
            (request.state, request.score, request.satisfied), ("answered", 2, False)
        )
