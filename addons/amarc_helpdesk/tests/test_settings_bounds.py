"""Settings have sane bounds: a delay of more than 365 days (or its hours) is
refused with a clear message, so that a typo cannot make ticket creation or
the scheduled actions fail for everyone; 365 days is accepted."""

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import AmarcHelpdeskCommon


@tagged("post_install", "-at_install")
class TestSettingsBounds(AmarcHelpdeskCommon):
    def test_channel_delay(self):
        channel = self.env["helpdesk.ticket.channel"].create(
            {"name": "Fax", "amarc_ack_delay": 24, "amarc_ack_unit": "working_hours"}
        )
        with self.assertRaises(ValidationError) as caught:
            channel.amarc_ack_delay = 365 * 24 + 1
        self.assertEqual(
            str(caught.exception),
            "The acknowledgement delay of channel Fax cannot exceed 365 days.",
        )
        channel.amarc_ack_delay = 365 * 24
        with self.assertRaises(ValidationError):
            channel.write({"amarc_ack_unit": "working_days"})
        channel.write({"amarc_ack_unit": "working_days", "amarc_ack_delay": 365})
        self.assertEqual(
            (channel.amarc_ack_delay, channel.amarc_ack_unit), (365, "working_days")
        )

    def test_company_and_team_response_delay(self):
        with self.assertRaises(ValidationError) as caught:
            self.company.amarc_response_delay = 366
        self.assertEqual(
            str(caught.exception),
            "The AMARC response delay and warning of company AMARC Helpdesk Test A "
            "cannot exceed 365 working days.",
        )
        with self.assertRaises(ValidationError):
            self.company.amarc_response_warning_days = 1000
        with self.assertRaises(ValidationError) as caught:
            self.team.amarc_response_delay = 3650
        self.assertEqual(
            str(caught.exception),
            "The response delay of team AMARC complaints A cannot exceed 365 "
            "working days.",
        )
        self.company.amarc_response_delay = 365
        self.team.amarc_response_delay = 365
        self.assertEqual(
            (self.company.amarc_response_delay, self.team.amarc_response_delay),
            (365, 365),
        )
