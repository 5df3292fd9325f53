from datetime import date, datetime

import pytz

from .common import AmarcAuditCommon

PARIS = pytz.timezone("Europe/Paris")


def paris(*args):
    """A Europe/Paris wall-clock time as the UTC naive datetime Odoo stores."""
    return PARIS.localize(datetime(*args)).astimezone(pytz.utc).replace(tzinfo=None)


class AmarcControlCommon(AmarcAuditCommon):
    """The audit's world, the company working Monday to Friday in Paris with
    Whit Monday (25 May 2026) off, and a campaign of mystery calls in May 2026."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Campaign = cls.env["amarc.control.campaign"]
        cls.Sample = cls.env["amarc.control.sample"]
        cls.mystery_call = cls.env.ref("amarc_referential.control_method_mystery_call")
        cls.mystery_visit = cls.env.ref(
            "amarc_referential.control_method_mystery_visit"
        )
        calendar = cls.company.resource_calendar_id
        calendar.tz = "Europe/Paris"
        cls.env["resource.calendar.leaves"].with_company(cls.company).create(
            {
                "name": "Whit Monday",
                "calendar_id": calendar.id,
                "date_from": paris(2026, 5, 25, 0, 0),
                "date_to": paris(2026, 5, 25, 23, 59, 59),
            }
        ).flush_recordset()
        cls.campaign = cls._campaign()

    @classmethod
    def _campaign(cls, **vals):
        values = {
            "company_id": cls.company.id,
            "control_method_id": cls.mystery_call.id,
            "date_start": date(2026, 5, 1),
            "date_end": date(2026, 5, 31),
        }
        values.update(vals)
        return cls.Campaign.create(values)

    @classmethod
    def _sample(cls, campaign=None, **vals):
        """A phone call taken in 10 s by an agent who did everything right."""
        values = {
            "campaign_id": (campaign or cls.campaign).id,
            "date": paris(2026, 5, 12, 10, 0),
            "channel": "phone",
            "answer_seconds": 10,
            "introduced": True,
            "listened": True,
            "took_charge": True,
        }
        values.update(vals)
        return cls.Sample.create(values)

    @staticmethod
    def _results(sample):
        return (
            sample.result_31,
            sample.result_32,
            sample.result_33,
            sample.result_34,
            sample.result_37,
        )
