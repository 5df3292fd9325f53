from freezegun import freeze_time
from openupgradelib import openupgrade

from odoo.tests import tagged

from odoo.addons.amarc_referential.tests.migration import run_migration

from .common import AmarcSurveyCommon, paris

OLD, NEW = "amarc_survey_request_id", "amarc_survey_last_request_id"


@tagged("post_install", "-at_install")
class TestUpgrade(AmarcSurveyCommon):
    def _state(self, tickets):
        return {
            ticket.id: (
                ticket.amarc_survey_last_request_id.id,
                ticket.amarc_survey_state,
                ticket.amarc_survey_score,
                ticket.amarc_resatisfaction_state,
                ticket.amarc_dissatisfied,
                sorted(
                    (r.id, r.state, r.score, r.satisfied)
                    for r in ticket.amarc_survey_request_ids
                ),
            )
            for ticket in tickets
        }

    def test_19_0_1_1_0_last_request_renamed(self):
        """A 19.0.1.0.0 database (the ticket's last survey stored in
        amarc_survey_request_id) upgraded to 19.0.1.1.0 keeps every ticket
        and every survey, each ticket still pointing to its last survey."""
        answered = self._closed_ticket(paris(2026, 1, 14, 10))
        dissatisfied = self._closed_ticket(paris(2026, 1, 14, 11))
        reopened = self._closed_ticket(paris(2026, 1, 14, 12))
        with freeze_time(paris(2026, 1, 15, 10)):
            reopened.stage_id = self.stage_new
        with freeze_time(paris(2026, 1, 19, 10)):
            reopened.stage_id = self.stage_done
        self._cron(paris(2026, 1, 17, 10))
        self._answer(answered.amarc_survey_request_ids, 5)
        self._answer(dissatisfied.amarc_survey_request_ids, 2)
        tickets = answered | dissatisfied | reopened
        self.assertEqual(len(reopened.amarc_survey_request_ids), 2)
        before = self._state(tickets)
        self.assertEqual(before[dissatisfied.id][2], 2)
        self.assertTrue(before[dissatisfied.id][4])
        requests = self.Request.search_count([])
        self.env.flush_all()
        # the previous version's schema: the old column and field name
        openupgrade.rename_fields(
            self.env, [("helpdesk.ticket", "helpdesk_ticket", NEW, OLD)]
        )
        self.env.invalidate_all()
        self.assertTrue(openupgrade.column_exists(self.env.cr, "helpdesk_ticket", OLD))
        self.assertFalse(openupgrade.column_exists(self.env.cr, "helpdesk_ticket", NEW))

        run_migration(self.env.cr, "amarc_survey", "19.0.1.1.0", "pre", "19.0.1.0.0")
        self.env.invalidate_all()

        self.assertFalse(openupgrade.column_exists(self.env.cr, "helpdesk_ticket", OLD))
        self.assertTrue(openupgrade.column_exists(self.env.cr, "helpdesk_ticket", NEW))
        self.assertTrue(self.env["ir.model.fields"]._get("helpdesk.ticket", NEW))
        self.assertEqual(self.Request.search_count([]), requests)
        self.assertEqual(self._state(tickets), before)
