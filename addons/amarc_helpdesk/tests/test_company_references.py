from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import AmarcHelpdeskCommon, paris

REFUSED = (
    "The record referenced by evidence Customer letter does not exist or is not "
    "one of its company's records you can read."
)


@tagged("post_install", "-at_install")
class TestCompanyReferences(AmarcHelpdeskCommon):
    """References to tickets respect companies: a recourse against a ticket of
    another company is refused, and evidence linked to a record tells nothing
    about the records of other companies (the same refusal whether the record
    exists elsewhere or not at all)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._ticket(paris(2026, 3, 2, 9))
        cls.ticket_b = cls._ticket(paris(2026, 3, 2, 9), company=cls.company_b)

    def test_recourse_of_another_company_refused(self):
        recourse = self._ticket(paris(2026, 3, 9, 9))
        with self.assertRaises(UserError) as error:
            # even by a user of both companies (here the system)
            recourse.write({"amarc_recourse_of_id": self.ticket_b.id})
        self.assertEqual(
            str(error.exception),
            "Uh-oh! You’ve got some company inconsistencies here:\n"
            f"- “{recourse.display_name}” belongs to company “{self.company.name}” "
            f"while “Recourse against” (amarc_recourse_of_id: "
            f"'{self.ticket_b.display_name}') belongs to another company.\n"
            "To avoid a mess, no company crossover is allowed!",
        )
        with self.assertRaises(UserError):
            self._ticket(paris(2026, 3, 9, 9), amarc_recourse_of_id=self.ticket_b.id)
        recourse.invalidate_recordset()
        self.assertFalse(recourse.amarc_recourse_of_id)
        # the same company: accepted
        recourse.with_user(self.agent).write({"amarc_recourse_of_id": self.ticket.id})
        self.assertEqual(recourse.amarc_recourse_of_id, self.ticket)
        self.assertEqual(self.ticket.amarc_recourse_count, 1)

    def _evidence(self, res_id):
        return (
            self.env["amarc.evidence"]
            .with_user(self.agent)
            .create(
                {
                    "name": "Customer letter",
                    "company_id": self.company.id,
                    "criterion_id": self.env.ref("amarc_referential.criterion_4_2").id,
                    "evidence_type": "record",
                    "res_model": "helpdesk.ticket",
                    "res_id": res_id,
                }
            )
        )

    def test_evidence_reveals_no_other_company_record(self):
        missing = self.Ticket.search([], order="id desc", limit=1).id + 1000
        messages = []
        for res_id in (self.ticket_b.id, missing):
            with self.assertRaises(ValidationError) as error:
                self._evidence(res_id)
            messages.append(str(error.exception))
        self.assertEqual(messages, [REFUSED, REFUSED])
        self.assertFalse(
            self.env["amarc.evidence"].search([("name", "=", "Customer letter")])
        )
        evidence = self._evidence(self.ticket.id)
        self.assertEqual(evidence.record_ref, self.ticket)
        # moved to a record of another company afterwards: refused as well
        with self.assertRaises(ValidationError) as error:
            evidence.write({"res_id": self.ticket_b.id})
        self.assertEqual(str(error.exception), REFUSED)
