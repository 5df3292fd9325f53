"""Two real workers for the race tests of the scheduled actions.

A test transaction cannot be shared with other connections (and in registry
test mode ``registry.cursor()`` even returns the test's own cursor), so each
worker here is a real database connection of its own, in its own transaction
(REPEATABLE READ, as Odoo's), and the data the workers see is committed for the
test and removed after it.

Every connection waits at most ``LOCK_TIMEOUT`` for a row lock: a scheduled
action that waits for a row another worker holds (a missing ``SKIP LOCKED``)
fails with ``LockNotAvailable`` instead of hanging the suite.

Worker 1 runs the product's scheduled action in a thread and is paused inside
it, right after a product method returned (typically the one that locked its
batch), by :func:`pause_after`; worker 2 runs the same scheduled action
meanwhile, then worker 1 is resumed.
"""

import threading
import time
from contextlib import contextmanager
from unittest.mock import patch

from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import DummyRLock, Registry
from odoo.sql_db import db_connect
from odoo.tests import TransactionCase
from odoo.tools import SQL

#: how long a worker waits for a lock held by another one before failing
LOCK_TIMEOUT = "2s"
#: upper bound (seconds) for a worker to reach its pause or to finish; counted
#: in polls, never with the clock (the tests freeze it)
WAIT = 60
POLL = 0.02


def open_env(registry, context=None):
    """An environment on a new connection to the database of ``registry``,
    with the lock timeout set for the whole session. Close it with
    :func:`close_env`."""
    cr = db_connect(registry.db_name).cursor()
    # a plain SET is undone by a rollback: committed, it lasts for the session
    # (the pool resets the connection, RESET ALL, before lending it again)
    cr.execute(SQL("SET lock_timeout = %s", LOCK_TIMEOUT))
    cr.commit()  # pylint: disable=invalid-commit
    return api.Environment(cr, SUPERUSER_ID, dict(context or {}))


def close_env(env):
    """Roll back what is not committed and give the connection back."""
    if not env.cr.closed:
        env.cr.close()


@contextmanager
def connection(registry, context=None):
    """A worker connection in the current thread; what is not committed at
    the end of the block is rolled back."""
    env = open_env(registry, context)
    try:
        yield env
    finally:
        close_env(env)


@contextmanager
def committing(registry, context=None):
    """A connection whose work is committed at the end of the block (rolled
    back on error): for the data of a test and its clean-up."""
    with connection(registry, context) as env:
        yield env
        env.cr.commit()


class Worker(threading.Thread):
    """Runs ``func(env)`` in a thread, on its own connection, then commits.

    ``pid`` is the backend of its connection (for :func:`wait_blocked`);
    :meth:`outcome` joins the thread and returns the result or re-raises the
    exception of ``func``."""

    def __init__(self, registry, func, context=None, name="worker 1"):
        super().__init__(name=name, daemon=True)
        self.registry = registry
        self.func = func
        self.context = context
        self.pid = None
        self.started_connection = threading.Event()
        self.paused = threading.Event()
        self.resumed = threading.Event()
        self.aborted = False
        self.result = None
        self.error = None
        #: what the paused method returned (e.g. the batch it locked)
        self.paused_result = None

    def run(self):
        threading.current_thread().dbname = self.registry.db_name
        env = None
        try:
            env = open_env(self.registry, self.context)
            self.pid = env.cr._cnx.get_backend_pid()
            self.started_connection.set()
            self.result = self.func(env)
            env.cr.commit()
        except BaseException as error:  # noqa: BLE001 - re-raised by outcome()
            self.error = error
        finally:
            self.started_connection.set()
            if env is not None:
                close_env(env)

    def wait_paused(self):
        """Wait until the worker reached its pause; fail with its own error
        when it stopped before (e.g. it waited too long for a lock)."""
        for _poll in range(int(WAIT / POLL)):
            if self.paused.wait(POLL):
                return
            if not self.is_alive():
                if self.error is not None:
                    raise self.error
                raise AssertionError(f"{self.name} ended without reaching its pause")
        raise AssertionError(f"{self.name} did not reach its pause")

    def resume(self):
        self.resumed.set()

    def abort(self):
        """Resume the worker so that it fails at once and rolls back (the
        test failed: what it would do next is not the test's to commit)."""
        self.aborted = True
        self.resume()
        self.join(WAIT)

    def outcome(self):
        """Resume the worker, wait for its end; its result, or its error."""
        self.resume()
        self.join(WAIT)
        if self.is_alive():
            raise AssertionError(f"{self.name} did not finish")
        if self.error is not None:
            raise self.error
        return self.result


@contextmanager
def pause_after(model, method, worker, when=bool):
    """Patch ``model``'s ``method`` (a model of the registry) so that in
    ``worker``'s thread, the first time its result satisfies ``when``, the
    worker stops right after it (its locks and uncommitted writes held) until
    it is resumed. Other threads run the method unchanged."""
    cls = type(model)
    original = getattr(cls, method)

    def paused_method(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        if (
            threading.current_thread() is worker
            and not worker.paused.is_set()
            and when(result)
        ):
            worker.paused_result = result
            worker.paused.set()
            if not worker.resumed.wait(WAIT):
                raise AssertionError(f"{worker.name} was never resumed")
            if worker.aborted:
                raise AssertionError(f"{worker.name} aborted: the test failed")
        return result

    with patch.object(cls, method, paused_method):
        yield


def wait_blocked(env, worker):
    """Wait until ``worker``'s connection waits for a lock (polled through
    ``env``'s connection: pg_blocking_pids reads the lock manager, not a
    snapshot), or until the worker ended (its outcome tells why)."""
    worker.started_connection.wait(WAIT)
    for _poll in range(int(WAIT / POLL)):
        if not worker.is_alive():
            return
        env.cr.execute(SQL("SELECT cardinality(pg_blocking_pids(%s))", worker.pid))
        if env.cr.fetchone()[0]:
            return
        time.sleep(POLL)
    raise AssertionError(f"{worker.name} never waited for a lock")


@contextmanager
def bystander(registry, tables=(), advisory_keys=()):
    """A third connection holding, until the end of the block, a lock on every
    row of ``tables`` ({table: ids of the test}) that is not the test's, and
    the given advisory locks: the workers (with SKIP LOCKED) only ever see the
    test's rows and the rest of the database is left as it was."""
    with connection(registry) as env:
        for table, ids in tables.items():
            env.cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE NOT (id = ANY(%s)) FOR NO KEY UPDATE",
                    SQL.identifier(table),
                    list(ids),
                )
            )
        for key in advisory_keys:
            env.cr.execute(SQL("SELECT pg_advisory_xact_lock(%s)", key))
        yield env


def _memberships(env):
    env.cr.execute(SQL("SELECT gid, uid FROM res_groups_users_rel"))
    return set(env.cr.fetchall())


def table_counts(env):
    """{table: row count} of every table of the database, in one query: the
    test's clean-up must leave each of them as it found it."""
    env.cr.execute(
        SQL(
            """SELECT tablename FROM pg_tables
                WHERE schemaname = 'public' ORDER BY tablename"""
        )
    )
    tables = [row[0] for row in env.cr.fetchall()]
    env.cr.execute(
        SQL(" UNION ALL ").join(
            SQL(
                "SELECT %s, count(*) FROM %s",
                table,
                SQL.identifier(table),
            )
            for table in tables
        )
    )
    return dict(env.cr.fetchall())


class TwoWorkersCase(TransactionCase):
    """Base of the race tests: helpers to commit the test's data, run worker 1
    paused inside the product's code and worker 2 beside it, and a final
    check that every table of the database holds as many rows as before the
    test (the clean-up removed all that the test and its workers committed)."""

    def setUp(self):
        super().setUp()
        # the test runner holds the registries' lock while the tests run: the
        # workers' threads would wait for it forever (as HttpCase does for its
        # server's threads, a dummy lock)
        self.startPatcher(patch.object(Registry, "_lock", DummyRLock()))
        with connection(self.registry) as env:
            counts = table_counts(env)
            memberships = _memberships(env)
            env.cr.execute(SQL("SELECT COALESCE(max(id), 0) FROM bus_bus"))
            last_bus = env.cr.fetchone()[0]
        # registered first: runs after the test's own clean-up
        self.addCleanup(self._check_database_as_before, counts, memberships, last_bus)

    def _check_database_as_before(self, counts, memberships, last_bus):
        with committing(self.registry) as env:
            # a second company puts the superuser in the multi-company group
            Users = env["res.users"].with_context(active_test=False)
            for group_id, user_id in _memberships(env) - memberships:
                user = Users.browse(user_id)
                if user.exists():
                    user.write({"group_ids": [Command.unlink(group_id)]})
            # the notifications sent on the bus for the test's records
            env.cr.execute(SQL("DELETE FROM bus_bus WHERE id > %s", last_bus))
        with connection(self.registry) as env:
            after = table_counts(env)
        changed = {
            table: (counts.get(table), count)
            for table, count in after.items()
            if counts.get(table) != count
        }
        self.assertEqual(changed, {}, "rows left (table: before, after)")

    def committing(self, context=None):
        return committing(self.registry, context)

    def connection(self, context=None):
        return connection(self.registry, context)

    def bystander(self, tables=(), advisory_keys=()):
        return bystander(self.registry, tables, advisory_keys)

    def start_paused(self, func, model_name, method, when=bool, context=None):
        """Start worker 1 on ``func(env)`` and wait until it is paused right
        after ``model_name``'s ``method`` returned a result satisfying
        ``when``. It is always resumed and joined at the end of the test."""
        worker = Worker(self.registry, func, context=context)
        pause = pause_after(self.env[model_name], method, worker, when=when)
        pause.__enter__()

        def stop():
            if worker.is_alive():
                worker.abort()
            pause.__exit__(None, None, None)

        self.addCleanup(stop)
        worker.start()
        worker.wait_paused()
        return worker


def remove_users(env, user_ids):
    """Delete users created for a test, and their partners."""
    users = env["res.users"].with_context(active_test=False).browse(user_ids)
    partners = users.partner_id
    users.unlink()
    partners.unlink()


def remove_company(env, company_id):
    """Delete a company created for a test with what its creation made: its
    recurring obligations (and their reminders), its processes, its partner
    and its working schedule."""
    company = env["res.company"].browse(company_id)
    obligations = (
        env["amarc.obligation"]
        .with_context(active_test=False)
        .search([("company_id", "=", company_id)])
    )
    obligations.activity_ids.unlink()
    obligations.unlink()
    env["amarc.process"].with_context(active_test=False).search(
        [("company_id", "=", company_id)]
    ).unlink()
    partner, calendar = company.partner_id, company.resource_calendar_id
    company.unlink()
    partner.unlink()
    calendar.unlink()
