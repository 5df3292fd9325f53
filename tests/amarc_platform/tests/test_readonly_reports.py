"""The reports a quality manager opens may run on a read replica.

Odoo 19 serves an RPC call (/web/dataset/call_kw and call_button) on a
read-only cursor, on the replica when ``db_replica_host`` is set, when the
method called is marked ``@api.readonly``. Each method behind the overview,
the indicator and satisfaction pivots, the yearly coverage and the XLSX
exports is checked three ways: marked (as the web client's routing reads it),
run under a read-only transaction as a quality manager (PostgreSQL refuses
any write), and called over JSON-RPC, where the server must serve it on a
read-only cursor without falling back to a read/write one."""

from unittest.mock import patch

from odoo import api
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.web.controllers import dataset

#: the quality manager: AMARC manager, helpdesk manager, survey user
GROUPS = (
    "base.group_user,amarc_referential.group_amarc_manager,"
    "helpdesk_mgmt.group_helpdesk_manager,survey.group_survey_user"
)
INDICATOR_MEASURES = [
    "ticket_count:sum",
    "answered_count:sum",
    "backlog_count:sum",
    "ack_on_time_rate:avg",
    "response_delay:avg",
]
SATISFACTION_MEASURES = [
    "sent_count:sum",
    "answered_count:sum",
    "response_rate:avg",
    "satisfaction_rate:avg",
]


def routed_readonly(registry, model, method):
    """What the web client's routing decides for an RPC call of ``method``
    (odoo/addons/web/controllers/dataset.py, DataSet._call_kw_readonly)."""
    for cls in registry[model].mro():
        function = getattr(cls, method, None)
        if function is not None and hasattr(function, "_readonly"):
            return function._readonly
    return False


@tagged("post_install", "-at_install")
class TestReadonlyReports(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="amarc_ro_manager",
            groups=GROUPS,
            password="amarc_ro_manager",
        )
        env = cls.env(user=cls.manager)
        cls.overview = env["amarc.overview"].create({})
        cls.audit = env["amarc.audit"].create(
            {"year": 2026, "level": "A", "lead_auditor_id": cls.manager.id}
        )
        cls.indicator_export = env["amarc.indicator.export"].create(
            {"period": "year", "date_from": "2026-01-01", "date_to": "2026-12-31"}
        )
        cls.action_export = env["amarc.action.export"].create({"year": 2026})
        cls.analysis = env["amarc.satisfaction.analysis"].create({"year": 2026}).ids

    def calls(self):
        """(model, method, record ids, positional arguments) of every
        reporting call the web client makes."""
        return [
            # the overview: its figures (read), its tiles' buttons
            ("amarc.overview", "web_read", self.overview.ids, [self.overview_spec()]),
            ("amarc.overview", "action_open_obligations_due", self.overview.ids, []),
            ("amarc.overview", "action_open_evidence", self.overview.ids, []),
            ("amarc.overview", "action_open_criteria", self.overview.ids, []),
            ("amarc.overview", "action_open_alerts", self.overview.ids, []),
            ("amarc.overview", "action_open_late_tickets", self.overview.ids, []),
            ("amarc.overview", "action_open_actions_overdue", self.overview.ids, []),
            ("amarc.overview", "action_open_actions_to_judge", self.overview.ids, []),
            ("amarc.overview", "action_open_actions_todo", self.overview.ids, []),
            ("amarc.overview", "action_open_last_audit", self.overview.ids, []),
            ("amarc.overview", "action_open_coverage_missing", self.overview.ids, []),
            # the pivots
            (
                "amarc.helpdesk.indicator",
                "formatted_read_group",
                [],
                [[], ["date:month", "team_id"], INDICATOR_MEASURES],
            ),
            (
                "amarc.satisfaction.report",
                "formatted_read_group",
                [],
                [[], ["team_id", "date:month"], SATISFACTION_MEASURES],
            ),
            # the yearly coverage
            ("amarc.audit", "action_open_coverage", self.audit.ids, []),
            (
                "amarc.audit.coverage",
                "web_search_read",
                [],
                [[("year", "=", 2026)], {"criterion_id": {}, "year": {}}],
            ),
            # the XLSX exports (and the satisfaction analysis' PDF)
            ("amarc.indicator.export", "action_export", self.indicator_export.ids, []),
            ("amarc.action.export", "action_export", self.action_export.ids, []),
            ("amarc.satisfaction.analysis", "action_export_xlsx", self.analysis, []),
            ("amarc.satisfaction.analysis", "action_print", self.analysis, []),
        ]

    def overview_spec(self):
        Overview = self.env["amarc.overview"]
        return {
            name: {}
            for name, field in Overview._fields.items()
            if not field.store and field.type in ("integer", "float", "html")
        }

    def test_overview_spec_reads_every_tile(self):
        spec = self.overview_spec()
        for tile in (
            "obligation_due_count",
            "alert_open_count",
            "backlog_count",
        ):
            self.assertIn(tile, spec)

    def test_marked_readonly(self):
        for model, method, _ids, _args in self.calls():
            with self.subTest(model=model, method=method):
                self.assertIs(routed_readonly(self.registry, model, method), True)

    def test_routing_tells_writers_apart(self):
        """The check above can fail: methods that write are not marked."""
        self.assertIs(routed_readonly(self.registry, "amarc.overview", "create"), False)
        self.assertIs(
            routed_readonly(self.registry, "amarc.overview", "action_open_overview"),
            False,
        )

    def test_run_under_a_readonly_transaction(self):
        for model, method, ids, args in self.calls():
            with self.subTest(model=model, method=method):
                expected = getattr(
                    self.env(user=self.manager)[model].browse(ids), method
                )(*args)
                with self.env.registry.cursor(readonly=True) as cr:
                    self.assertTrue(cr.readonly)
                    env = api.Environment(cr, self.manager.id, {})
                    result = getattr(env[model].browse(ids), method)(*args)
                    env.flush_all()
                self.assertEqual(result, expected)

    def test_served_on_a_readonly_cursor_over_rpc(self):
        self.authenticate("amarc_ro_manager", "amarc_ro_manager")
        seen = []
        call_kw = dataset.call_kw

        def spy(model, name, args, kwargs):
            seen.append((model._name, name, model.env.cr.readonly))
            return call_kw(model, name, args, kwargs)

        with (
            patch.object(dataset, "call_kw", spy),
            self.assertNoLogs("odoo.http", "WARNING"),
        ):
            for model, method, ids, args in self.calls():
                route = (
                    "/web/dataset/call_kw"
                    if method.startswith("web_") or (method == "formatted_read_group")
                    else "/web/dataset/call_button"
                )
                self.make_jsonrpc_request(
                    f"{route}/{model}.{method}",
                    {
                        "model": model,
                        "method": method,
                        "args": [ids, *args] if ids else args,
                        "kwargs": {},
                    },
                )
        self.assertEqual(
            seen, [(model, method, True) for model, method, _i, _a in self.calls()]
        )
