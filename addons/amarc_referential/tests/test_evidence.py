from datetime import date

import psycopg2

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import TODAY, AmarcReferentialCommon


@tagged("post_install", "-at_install")
class TestEvidence(AmarcReferentialCommon):
    def _evidence(self, **vals):
        values = {
            "name": "Proof",
            "company_id": self.company.id,
            "criterion_id": self.criterion("1.6").id,
            "date": date(2026, 3, 1),
        }
        values.update(vals)
        return self.Evidence.create(values)

    def test_retention_defaults_from_chapter_v(self):
        self.assertEqual(self._evidence().retention_until, date(2027, 3, 1))
        self.assertEqual(
            self._evidence(evidence_type="reference").retention_until, date(2029, 3, 1)
        )
        self.assertEqual(
            self._evidence(evidence_type="control_plan").retention_until,
            date(2029, 3, 1),
        )

    def test_evidence_of_today(self):
        evidence = self.Evidence.create(
            {
                "name": "Proof of today",
                "company_id": self.company.id,
                "criterion_id": self.criterion("1.6").id,
            }
        )
        self.assertEqual(
            (evidence.date, evidence.retention_until), (TODAY, date(2027, 6, 15))
        )

    def test_retention_can_be_extended_not_before_date(self):
        evidence = self._evidence()
        evidence.retention_until = date(2031, 1, 1)
        self.assertEqual(evidence.retention_until, date(2031, 1, 1))
        # chapter V.2: a record is kept one year at least (2027-03-01)
        with self.assertRaisesMessage(
            ValidationError,
            "Evidence Proof must be kept until 2027-03-01 at least (chapter V.2: "
            "1 year(s) for this kind of evidence): its retention can be extended, "
            "never shortened below that.",
        ):
            evidence.retention_until = date(2027, 2, 28)
        evidence.invalidate_recordset()
        self.assertEqual(evidence.retention_until, date(2031, 1, 1))
        evidence.retention_until = date(2027, 3, 1)
        self.assertEqual(evidence.retention_until, date(2027, 3, 1))
        evidence.retention_until = date(2031, 1, 1)
        # refused by the database, whatever writes it; the client shows the
        # constraint's message
        with (
            self.assertRaises(psycopg2.errors.CheckViolation) as error,
            mute_logger("odoo.sql_db"),
        ):
            self.env.cr.execute(
                "UPDATE amarc_evidence SET retention_until = '2026-01-01' "
                "WHERE id = %s",
                [evidence.id],
            )
        self.assertEqual(
            self.Evidence._sql_error_to_message(error.exception),
            "The retention date cannot be before the evidence date.",
        )
        evidence.invalidate_recordset()
        self.assertEqual(evidence.retention_until, date(2031, 1, 1))

    def test_reference_to_any_record(self):
        partner = self.env["res.partner"].create({"name": "Complaining customer"})
        evidence = self._evidence(record_ref=f"res.partner,{partner.id}")
        self.assertEqual(
            (evidence.res_model, evidence.res_id), ("res.partner", partner.id)
        )
        action = evidence.action_open_record()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("res.partner", partner.id)
        )
        self.assertEqual(evidence.record_ref, partner)

    def test_source_selection_lists_business_models_only(self):
        """No technical model (views, actions, users, wizards, mixins, SQL
        views) in the "Related record" selection, nor in the sources of
        actions, plans and review inputs which share it."""
        as_manager = self.Evidence.with_user(self.manager)
        models_ = dict(
            as_manager._fields["record_ref"]._description_selection(as_manager.env)
        )
        for business in (
            "amarc.evidence",
            "amarc.criterion",
            "amarc.obligation",
            "res.partner",
        ):
            self.assertIn(business, models_)
        for technical in (
            "ir.ui.view",
            "ir.actions.act_window",
            "res.users",
            "res.groups",
            "ir.config_parameter",
            "mail.followers",
            "amarc.obligation.done",  # a wizard
            "amarc.retention.mixin",  # a mixin
            "amarc.protected.mixin",
        ):
            self.assertNotIn(technical, models_)
        self.assertFalse(
            [
                name
                for name in models_
                if not name.startswith(("amarc.", "helpdesk.", "survey."))
                and name
                not in ("res.partner", "res.company", "mail.message", "ir.attachment")
            ]
        )
        # an evidence written by code on another model keeps its reference
        # fields, and shows no link
        evidence = self._evidence(res_model="res.users", res_id=self.manager.id)
        self.assertEqual(
            (evidence.res_model, evidence.res_id), ("res.users", self.manager.id)
        )
        self.assertFalse(evidence.record_ref)

    def test_display_names_never_false(self):
        """A new criterion or commitment (no code yet) reads as its title, not
        "False" in the breadcrumbs."""
        self.assertEqual(
            self.env["amarc.criterion"].new({"name": "Draft"}).display_name, "Draft"
        )
        self.assertEqual(self.env["amarc.criterion"].new({}).display_name, "")
        self.assertEqual(
            self.env["amarc.commitment"].new({"name": "Listen"}).display_name, "Listen"
        )
        self.assertEqual(
            self.criterion("1.1").display_name,
            "1.1 Listening commitment in the strategy",
        )

    def test_mark_done_dialog_has_a_title(self):
        obligation = self.obligation("1.6")
        action = obligation.with_user(self.manager).action_mark_done()
        self.assertEqual((action["target"], action["name"]), ("new", "Mark as done"))

    def test_reference_must_exist(self):
        with self.assertRaisesMessage(
            ValidationError, "Unknown model no.such.model on evidence Proof."
        ):
            self._evidence(res_model="no.such.model", res_id=1)
        with self.assertRaisesMessage(
            ValidationError,
            "The record referenced by evidence Proof does not exist or is not one "
            "of its company's records you can read.",
        ):
            self._evidence(res_model="res.partner", res_id=10**9)
        partner = self.env["res.partner"].create({"name": "Existing"})
        evidence = self._evidence(res_model="res.partner", res_id=partner.id)
        self.assertEqual(evidence.record_ref, partner)

    def test_criterion_smart_button(self):
        criterion = self.criterion("1.6").with_context(
            allowed_company_ids=self.company.ids
        )
        first = self._evidence()
        second = self._evidence(name="Second")
        self._evidence(name="Elsewhere", criterion_id=self.criterion("1.5").id)
        self.env["amarc.evidence"].create(
            {
                "name": "Other company",
                "company_id": self.company_b.id,
                "criterion_id": self.criterion("1.6").id,
            }
        )
        criterion_a = criterion.with_user(self.user)
        self.assertEqual(criterion_a.evidence_count, 2)
        action = criterion_a.action_open_evidence()
        self.assertEqual(
            self.Evidence.with_user(self.user).search(action["domain"]),
            first | second,
        )
