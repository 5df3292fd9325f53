import subprocess

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tests.common import freeze_time
from odoo.tools import html2plaintext

from odoo.addons.amarc_action_plan.tests.common import readable_pdf_setup

from .common import AGENT, AmarcHelpdeskCommon, paris


def pdf_text(pdf):
    """The text of a PDF as poppler's pdftotext reads it, one space between
    words."""
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return " ".join(out.split())


@tagged("post_install", "-at_install")
class TestFinalAnswer(AmarcHelpdeskCommon):
    """The final-answer composer (AMARC 4.10, 4.14) and the written
    confirmation of oral complaints (4.11, 4.12)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mediator.website = "https://mediateur.example.org"
        cls.company.write(
            {
                "amarc_mediator_id": cls.mediator.id,
                "phone": "+33 1 23 45 67 89",
                "city": "Lyon",
            }
        )
        # the customer lives in London: the dates of the answer are in their time
        cls.customer.write({"tz": "Europe/London", "lang": "en_US"})
        cls.agent.name = "Alice Agent"
        # the customer's history: a first complaint on 2 June 2025
        with freeze_time(paris(2025, 6, 2, 10)):
            cls.first = cls._ticket(paris(2025, 6, 2, 10), name="Late delivery")

    def _composer(self, ticket, user=None):
        user = user or self.agent
        action = ticket.with_user(user).action_amarc_compose_final_answer()
        self.assertEqual(
            (action["res_model"], action["target"], action["context"]),
            ("amarc.final.answer", "new", {"default_ticket_id": ticket.id}),
        )
        return Form(
            self.env["amarc.final.answer"]
            .with_user(user)
            .with_context(**action["context"])
        )

    def _expected_text(self, ticket):
        return (
            f"Dear Camille Client,\nYour reference: *{ticket.number}*. We received "
            "your complaint on *3/12/26, 8:30 AM*.\nYou told us about: /Product "
            "arrived broken/.\nThe parcel was damaged.\nThe carrier dropped the "
            "parcel. Please accept our apologies.\nYou have been our customer "
            "since 06/02/2025 and this is your request number 2 with us: your "
            "loyalty matters to us.\nOur answer: *Compensation*, for an amount of "
            "*$\xa030.00*.\nWe refund the delivery.\nIf you disagree with this "
            "answer, you may ask us to review it by writing to us, quoting the "
            f"reference {ticket.number} (care@a.example.com).\nIf the disagreement "
            "remains, you may refer it free of charge to the consumer mediator "
            "*Médiateur de la consommation* (https://mediateur.example.org), within "
            "one year of your written complaint to us.\nYours sincerely,\nAlice "
            "Agent\nAMARC Helpdesk Test A\nPhone: +33 1 23 45 67 89\nE-mail: "
            "care@a.example.com"
        )

    def test_answer_quotes_the_customers_reference(self):
        """4.10: the reference the customer gave (as the acknowledgement quoted
        it, 4.3) and the complaint's own number."""
        ticket = self._ticket(
            paris(2026, 3, 12, 9, 30, 45), amarc_customer_reference="CMD-2026-0042"
        )
        text = html2plaintext(self._composer(ticket).body)
        self.assertEqual(
            text.splitlines()[1],
            f"Your reference: *CMD-2026-0042*, our reference: *{ticket.number}*. "
            "We received your complaint on *3/12/26, 8:30 AM*.",
        )

    def test_email_answer_holds_the_eight_points(self):
        ticket = self._ticket(paris(2026, 3, 12, 9, 30, 45))
        composer = self._composer(ticket)
        self.assertEqual(composer.channel, "email")
        composer.resolution = "compensation"
        composer.compensation_amount = 30
        composer.explanation = "The carrier dropped the parcel. Please accept our "
        composer.explanation += "apologies."
        composer.solution = "We refund the delivery."
        self.assertEqual(
            composer.subject,
            f"AMARC Helpdesk Test A: our answer to your complaint (ref. "
            f"{ticket.number})",
        )
        self.assertEqual(html2plaintext(composer.body), self._expected_text(ticket))
        # the agent edits the text before sending
        composer.body = composer.body.replace(
            "Yours sincerely", "With our best regards"
        )
        wizard = composer.save()
        self.assertEqual((ticket.amarc_ack_date, ticket.amarc_ack_kind), (False, False))
        with freeze_time(paris(2026, 3, 16, 14, 5)):
            self.assertEqual(
                wizard.action_send(), {"type": "ir.actions.act_window_close"}
            )
        # sent before any acknowledgement: the first written contact (4.2.3)
        self.assertEqual(
            (ticket.amarc_ack_date, ticket.amarc_ack_kind),
            (paris(2026, 3, 16, 14, 5), "answer"),
        )
        message = ticket.amarc_final_answer_message_id
        self.assertEqual(
            (
                ticket.amarc_final_answer_date,
                ticket.amarc_final_answer_channel,
                ticket.amarc_resolution,
                ticket.amarc_compensation_amount,
                message.partner_ids,
                message.subject,
                message.message_type,
                message.subtype_id,
            ),
            (
                paris(2026, 3, 16, 14, 5),
                "email",
                "compensation",
                30,
                self.customer,
                wizard.subject,
                "comment",
                self.env.ref("mail.mt_comment"),
            ),
        )
        expected = self._expected_text(ticket).replace(
            "Yours sincerely", "With our best regards"
        )
        self.assertEqual(html2plaintext(message.body), expected)
        self.assertEqual(html2plaintext(ticket.amarc_final_answer), expected)
        # the e-mail went to the customer
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertEqual(mail.recipient_ids, self.customer)
        # sent once: the composer is not offered again, the record cannot be forged
        with self.assertRaises(UserError):
            ticket.with_user(self.agent).action_amarc_compose_final_answer()
        with self.assertRaises(AccessError):
            ticket.with_user(self.agent).write({"amarc_final_answer_date": False})
        with self.assertRaises(AccessError):
            ticket.with_user(self.helpdesk_manager).write(
                {"amarc_final_answer": "<p>Something else</p>"}
            )

    def test_first_complaint_and_rejection(self):
        newcomer = self.env["res.partner"].create(
            {"name": "Noa Nouveau", "email": "noa@example.com", "tz": "Europe/Paris"}
        )
        ticket = self._ticket(paris(2026, 3, 12, 9, 30), partner_id=newcomer.id)
        composer = self._composer(ticket)
        composer.resolution = "rejection"
        composer.solution = "The warranty had expired."
        text = html2plaintext(composer.body)
        self.assertIn(
            "We received your complaint on *3/12/26, 9:30 AM*.", text
        )  # Paris time
        self.assertIn(
            "You have been our customer since 03/12/2026 and this is your first "
            "request with us: thank you for your trust.",
            text,
        )
        self.assertIn("Our answer: *Rejection*.\nThe warranty had expired.", text)
        self.assertIn(
            "We have looked into your complaint. We are sorry for the inconvenience "
            "it caused you and thank you for telling us about it.",
            text,
        )

    def test_answer_needs_a_solution_and_rights(self):
        ticket = self._ticket(paris(2026, 3, 12, 9, 30))
        # the form requires the solution; the server checks it too
        wizard = (
            self.env["amarc.final.answer"]
            .with_user(self.agent)
            .create({"ticket_id": ticket.id})
        )
        self.assertFalse(wizard.resolution)
        with self.assertRaisesRegex(UserError, "Choose the solution given"):
            wizard.action_send()
        self.assertFalse(ticket.amarc_final_answer_date)
        # a user without helpdesk rights cannot open the composer
        with self.assertRaises(AccessError):
            ticket.with_user(self.stranger).action_amarc_compose_final_answer()
        # no e-mail address: the answer goes by letter
        ticket.partner_id = self.env["res.partner"].create({"name": "No Mail"})
        composer = self._composer(ticket)
        self.assertEqual(composer.channel, "letter")
        composer.channel = "email"
        composer.resolution = "repair"
        with self.assertRaisesRegex(UserError, "send the final answer by letter"):
            composer.save().action_send()

    def test_letter_answer_printed(self):
        self.customer.write(
            {"street": "12 Baker Street", "zip": "NW1 6XE", "city": "London"}
        )
        ticket = self._ticket(
            paris(2026, 3, 12, 9, 30, 45), channel=self.channel_letter
        )
        composer = self._composer(ticket)
        self.assertEqual(composer.channel, "letter")
        composer.resolution = "compensation"
        composer.compensation_amount = 30
        composer.explanation = (
            "The carrier dropped the parcel. Please accept our apologies."
        )
        composer.solution = "We refund the delivery."
        wizard = composer.save()
        readable_pdf_setup(self)
        with self.allow_pdf_render(), freeze_time(paris(2026, 3, 16, 14, 5)):
            action = wizard.with_context(force_report_rendering=True).action_send()
        attachment = ticket.amarc_final_answer_attachment_id
        # the letter kept on the ticket is opened for printing, not rendered again
        self.assertEqual(
            action,
            {
                "type": "ir.actions.act_url",
                "url": f"/web/content/{attachment.id}?download=false",
                "target": "new",
                "close": True,
            },
        )
        self.assertEqual(
            (
                ticket.amarc_final_answer_channel,
                attachment.name,
                attachment.mimetype,
                attachment.res_model,
                attachment.res_id,
                ticket.amarc_final_answer_message_id.attachment_ids,
                ticket.amarc_final_answer_message_id.subtype_id,
            ),
            (
                "letter",
                f"Final answer {ticket.number}.pdf",
                "application/pdf",
                "helpdesk.ticket",
                ticket.id,
                attachment,
                self.env.ref("mail.mt_note"),
            ),
        )
        pdf = attachment.raw
        self.assertEqual(pdf[:5], b"%PDF-")
        text = pdf_text(pdf)
        # the customer's address, the place, the subject, then the answer sent
        self.assertEqual(
            text,
            "Camille Client 12 Baker Street London NW1 6XE Lyon Subject: your "
            f"complaint {ticket.number} "
            + " ".join(
                self._expected_text(ticket)
                .replace("*", "")
                .replace("/Product arrived broken/", "Product arrived broken")
                .split()
            ),
        )
        self.assertIn(
            "Our answer: Compensation, for an amount of $ 30.00. We refund the "
            "delivery.",
            text,
        )
        # printed again from the ticket, the same letter
        print_action = ticket.with_user(self.agent).action_amarc_print_final_answer()
        self.assertEqual(
            print_action["report_name"], "amarc_helpdesk.report_amarc_final_answer"
        )


@tagged("post_install", "-at_install")
class TestWrittenConfirmation(AmarcHelpdeskCommon):
    """4.11 (level A): an answer given by phone or face to face is confirmed in
    writing when the customer asks for it; 4.12 (level B): always."""

    def _answer(self, ticket):
        composer = Form(
            self.env["amarc.final.answer"]
            .with_user(self.agent)
            .with_context(default_ticket_id=ticket.id)
        )
        composer.resolution = "repair"
        composer.save().action_send()

    def test_level_a_on_request(self):
        self.company.amarc_level = "A"
        plain = self._ticket(paris(2026, 3, 12, 9), channel=self.channel_phone)
        self.assertFalse(plain.amarc_written_answer_required)
        plain.with_user(self.agent).stage_id = self.stage_done
        self.assertTrue(plain.closed)
        asked = self._ticket(
            paris(2026, 3, 12, 9),
            channel=self.channel_phone,
            amarc_written_confirmation_requested=True,
        )
        self.assertTrue(asked.amarc_written_answer_required)
        with self.assertRaises(UserError) as error:
            asked.with_user(self.agent).stage_id = self.stage_done
        self.assertEqual(
            str(error.exception),
            f"Ticket {asked.display_name} cannot be closed: its written answer is "
            "missing, the customer asked for the answer given by Phone to be "
            "confirmed in writing (AMARC 4.11). Send the final answer by e-mail or "
            "by letter with the “Final answer” button first.",
        )
        self._answer(asked)
        asked.with_user(self.agent).stage_id = self.stage_done
        self.assertTrue(asked.closed)

    def test_level_b_always(self):
        self.company.amarc_level = "B"
        face = self.env.ref("amarc_helpdesk.helpdesk_ticket_channel_face_to_face")
        ticket = self._ticket(paris(2026, 3, 12, 9), channel=face)
        self.assertTrue(ticket.amarc_written_answer_required)
        with self.assertRaises(UserError) as error:
            ticket.with_user(self.agent).stage_id = self.stage_done
        self.assertEqual(
            str(error.exception),
            f"Ticket {ticket.display_name} cannot be closed: its written answer is "
            "missing, at level B every answer to a complaint received by Face to "
            "face is confirmed in writing (AMARC 4.12). Send the final answer by "
            "e-mail or by letter with the “Final answer” button first.",
        )
        self.assertFalse(ticket.closed)
        # a written complaint answered by e-mail needs no written confirmation
        email = self._ticket(paris(2026, 3, 12, 9))
        self.assertFalse(email.amarc_written_answer_required)
        email.with_user(self.agent).stage_id = self.stage_done
        self._answer(ticket)
        ticket.with_user(self.agent).stage_id = self.stage_done
        self.assertEqual(ticket.stage_id, self.stage_done)


@tagged("post_install", "-at_install")
class TestDepartmentsInformed(AmarcHelpdeskCommon):
    """1.10 (levels A and B): the departments at the origin of a reason are told
    the solution; 1.11 (level B): the teams and people involved too; a monthly
    digest per department, kept as evidence."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.logistics = cls.env["res.partner"].create(
            {"name": "Logistics department", "email": "logistics@a.example.com"}
        )
        cls.reason = cls.env["helpdesk.ticket.category"].create(
            {
                "name": "AMARC test late delivery",
                "company_id": cls.company.id,
                "amarc_department_partner_ids": [(6, 0, cls.logistics.ids)],
            }
        )
        cls.company.amarc_referential_id = cls.env.ref(
            "amarc_referential.referential_re_mrc_03"
        )
        cls.team_2 = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "AMARC second line A",
                "company_id": cls.company.id,
                "user_ids": [(6, 0, cls.helpdesk_manager.ids)],
            }
        )

    def _answer(self, ticket, when):
        composer = Form(
            self.env["amarc.final.answer"]
            .with_user(self.agent)
            .with_context(default_ticket_id=ticket.id)
        )
        composer.resolution = "repair"
        with freeze_time(when):
            composer.save().action_send()

    def _solution_messages(self, ticket):
        return self.env["mail.message"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("res_id", "=", ticket.id),
                ("message_type", "=", "user_notification"),
            ]
        )

    def test_level_a_origin_only(self):
        self.company.amarc_level = "A"
        ticket = self._ticket(paris(2026, 3, 2, 9), category_id=self.reason.id)
        ticket.with_user(self.agent).team_id = self.team_2
        self._answer(ticket, paris(2026, 3, 16, 11))
        notice = self._solution_messages(ticket)
        self.assertEqual(len(notice), 1)
        self.assertEqual(notice.partner_ids, self.logistics)
        self.assertEqual(
            notice.subject, f"Solution given to the customer: {ticket.display_name}"
        )
        self.assertIn(
            f"Ticket {ticket.display_name} (reason: AMARC test late delivery) was "
            "answered on 2026-03-16 10:00:00. Solution: Repair.",
            html2plaintext(notice.body),
        )

    def test_level_b_involved_and_channel(self):
        self.company.amarc_level = "B"
        ticket = self._ticket(paris(2026, 3, 2, 9), category_id=self.reason.id)
        ticket.with_user(self.agent).write(
            {"team_id": self.team_2.id, "user_id": self.helpdesk_manager.id}
        )
        self.assertEqual(ticket.amarc_involved_team_ids, self.team | self.team_2)
        self.assertEqual(ticket.amarc_involved_user_ids, self.helpdesk_manager)
        self._answer(ticket, paris(2026, 3, 16, 11))
        notice = self._solution_messages(ticket)
        self.assertEqual(
            notice.partner_ids,
            self.logistics
            | (self.agent | self.agent_own | self.helpdesk_manager).partner_id,
        )
        # on a channel instead
        channel = self.env["discuss.channel"].create({"name": "Quality"})
        self.company.write(
            {
                "amarc_department_notice": "channel",
                "amarc_department_channel_id": channel.id,
            }
        )
        other = self._ticket(paris(2026, 3, 3, 9), category_id=self.reason.id)
        self._answer(other, paris(2026, 3, 16, 11))
        self.assertFalse(self._solution_messages(other))
        posted = channel.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(len(posted), 1)
        self.assertIn(other.display_name, html2plaintext(posted.body))

    def test_monthly_digest_kept_as_evidence(self):
        self.company.amarc_level = "A"
        march = self._ticket(paris(2026, 3, 2, 9), category_id=self.reason.id)
        other_reason = self._ticket(paris(2026, 3, 2, 9))
        with freeze_time(paris(2026, 3, 10, 9)):
            (march | other_reason).with_user(self.agent).stage_id = self.stage_done
        april = self._ticket(paris(2026, 3, 30, 9), category_id=self.reason.id)
        with freeze_time(paris(2026, 4, 1, 9)):
            april.with_user(self.agent).stage_id = self.stage_done
        Digest = self.env["amarc.department.digest"]
        with freeze_time(paris(2026, 4, 2, 8)):
            Digest._cron_amarc_send_department_digests()
            Digest._cron_amarc_send_department_digests()
        digest = Digest.search([("company_id", "=", self.company.id)])
        self.assertEqual(
            [
                (
                    d.criterion,
                    d.partner_id,
                    str(d.period_start),
                    str(d.period_end),
                    d.ticket_ids,
                    d.state,
                )
                for d in digest
            ],
            [("1.10", self.logistics, "2026-03-01", "2026-03-31", march, "sent")],
        )
        evidence = digest.evidence_id
        self.assertEqual(
            (
                evidence.criterion_id,
                str(evidence.date),
                evidence.res_model,
                evidence.res_id,
            ),
            (
                self.env.ref("amarc_referential.criterion_1_10"),
                "2026-04-02",
                "amarc.department.digest",
                digest.id,
            ),
        )
        message = digest.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(message.partner_ids, self.logistics)
        self.assertIn(
            f"{march.number} Product arrived broken AMARC test late delivery",
            html2plaintext(message.body).replace("\n", " "),
        )
        # an AMARC user reads the digests, only a quality manager changes them
        user = self._paris_user("amarc_hd_digest_user", AGENT)
        self.assertEqual(Digest.with_user(user).search([]), digest)
        with self.assertRaises(AccessError):
            digest.with_user(user).write({"state": "pending"})


@tagged("post_install", "-at_install")
class TestCallsAndRouting(AmarcHelpdeskCommon):
    """3.2: a voicemail is called back within 24 working hours; 3.7: the
    customer is told where the complaint was routed."""

    def test_voicemail_deadline_working_hours(self):
        voicemail = self.env.ref("amarc_helpdesk.helpdesk_ticket_channel_voicemail")
        self.assertEqual(
            (voicemail.amarc_ack_delay, voicemail.amarc_ack_unit), (24, "working_hours")
        )
        # Friday 13 March 2026 at 16:00; Monday 16 is a public holiday
        self._holiday(self.calendar, paris(2026, 3, 16, 12).date())
        ticket = self._ticket(paris(2026, 3, 13, 16), channel=voicemail)
        self.assertEqual(ticket.amarc_ack_deadline, paris(2026, 3, 17, 16))

    def test_routing_notice(self):
        team_2 = self.env["helpdesk.ticket.team"].create(
            {
                "name": "AMARC billing A",
                "company_id": self.company.id,
                "amarc_routing_notice_auto": True,
            }
        )
        ticket = self._ticket(paris(2026, 3, 12, 9))
        template_subject = (
            f"AMARC Helpdesk Test A: your request {ticket.number} was passed on to "
            "AMARC billing A"
        )
        with freeze_time(paris(2026, 3, 16, 10)):
            ticket.with_user(self.agent).team_id = team_2
        notice = ticket.message_ids.filtered(lambda m: m.subject == template_subject)
        self.assertEqual(len(notice), 1)
        self.assertEqual(
            (notice.partner_ids, ticket.amarc_routing_notice_date),
            (self.customer, paris(2026, 3, 16, 10)),
        )
        self.assertIn(
            f"Your request *{ticket.number}* is now handled by the team *AMARC "
            "billing A*, which is best placed to answer it.",
            html2plaintext(notice.body),
        )
        # a team without the automatic notice: the agent sends it with the button
        ticket.with_user(self.agent).team_id = self.team
        self.assertEqual(ticket.amarc_routing_notice_date, paris(2026, 3, 16, 10))
        with freeze_time(paris(2026, 3, 16, 11)):
            ticket.with_user(self.agent).action_amarc_send_routing_notice()
        self.assertEqual(ticket.amarc_routing_notice_date, paris(2026, 3, 16, 11))
        with self.assertRaises(AccessError):
            ticket.with_user(self.stranger).action_amarc_send_routing_notice()


@tagged("post_install", "-at_install")
class TestFinalAnswerFrench(AmarcHelpdeskCommon):
    """The answer is written in the customer's language, dates in their time
    zone without seconds."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._french("amarc_helpdesk")
        cls.company.amarc_mediator_id = cls.mediator
        cls.customer.write({"lang": "fr_FR", "tz": "Europe/Paris"})

    def test_french_customer(self):
        ticket = self._ticket(paris(2026, 3, 12, 9, 30, 45))
        composer = Form(
            self.env["amarc.final.answer"]
            .with_user(self.agent)
            .with_context(default_ticket_id=ticket.id)
        )
        composer.resolution = "commercial_gesture"
        composer.compensation_amount = 15
        composer.solution = "Nous vous offrons la livraison."
        self.assertEqual(
            composer.subject,
            "AMARC Helpdesk Test A : notre réponse à votre réclamation (réf. "
            f"{ticket.number})",
        )
        self.assertEqual(
            html2plaintext(composer.body),
            f"Bonjour Camille Client,\nVotre référence : *{ticket.number}*. Nous "
            "avons reçu votre réclamation le *12/03/2026 09:30*.\nVous nous avez "
            "fait part de : /Product arrived broken/.\nThe parcel was damaged.\n"
            "Nous avons étudié votre réclamation. Nous sommes désolés du "
            "désagrément occasionné et vous remercions de nous l'avoir signalé.\n"
            "Vous êtes notre client depuis le 12/03/2026 et il s'agit de votre "
            "première demande auprès de nous : merci de votre confiance.\nNotre "
            "réponse : *Geste commercial*, pour un montant de *$\xa015,00*.\nNous "
            "vous offrons la livraison.\nSi vous êtes en désaccord avec cette "
            "réponse, vous pouvez nous demander de la réexaminer en nous écrivant "
            f"et en rappelant la référence {ticket.number} (care@a.example.com).\n"
            "Si le désaccord persiste, vous pouvez saisir gratuitement le médiateur "
            "de la consommation *Médiateur de la consommation*, dans un délai d'un "
            "an à compter de votre réclamation écrite auprès de nous.\nNous vous "
            "prions d'agréer nos salutations distinguées.\namarc_hd_agent "
            "(helpdesk_mgmt.group_helpdesk_user,amarc_referential.group_amarc_user)"
            "\nAMARC Helpdesk Test A\nCourriel : care@a.example.com",
        )
