from psycopg2.errors import SerializationFailure

from odoo import api, models
from odoo.tools import SQL


class IrCron(models.Model):
    _inherit = "ir.cron"

    @api.model
    def _amarc_commit_progress(self, processed, remaining=None):
        """Commit a processed batch when running as a scheduled action.

        Outside a scheduled run (a test transaction, a button) nothing is committed:
        the caller's transaction stays whole."""
        if self.env.context.get("ir_cron_progress_id"):
            return self._commit_progress(processed, remaining=remaining)
        return float("inf")

    @api.model
    def _amarc_lock_batch(self, model, where, limit, order=None, depends=()):
        """Ids of at most ``limit`` rows of ``model`` matching the SQL condition
        ``where`` (on the model's table, which it names as such), locked for
        this transaction. Rows locked by another worker are skipped, so two
        workers never take the same rows; tables the condition reads in its
        sub-queries are not locked. Pending ORM writes to ``model`` and to the
        models named in ``depends`` (those the condition reads in sub-queries)
        are flushed first: the condition sees them.

        A row that another worker changed and committed after this transaction
        began cannot be locked in REPEATABLE READ (serialization failure): that
        worker took it; this batch is empty and the next run, with a fresh
        snapshot, sees what is left."""
        records = self.env[model]
        for name in (model, *depends):
            self.env[name].flush_model()
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM %s WHERE %s ORDER BY %s LIMIT %s "
                        "FOR UPDATE SKIP LOCKED",
                        SQL.identifier(records._table),
                        where,
                        order or SQL("id"),
                        limit,
                    ),
                    log_exceptions=False,
                )
                ids = [row[0] for row in self.env.cr.fetchall()]
        except SerializationFailure:
            return records
        return records.browse(ids)

    @api.model
    def _amarc_process_batches(
        self, model, where, process, batch_size, order=None, depends=()
    ):
        """The loop of every AMARC scheduled action: take a batch, process it,
        commit the progress, until nothing is left. Returns how many items
        were processed.

        - ``where``: the SQL condition on the rows of ``model`` to process,
          taken ``batch_size`` at a time in ``order`` (default: id) and locked
          with ``_amarc_lock_batch`` (``FOR UPDATE SKIP LOCKED``: rows another
          worker holds are left to it); ``depends`` names the other models the
          condition reads, flushed before each batch is taken. Or, for a pass
          that holds its work another way (an aggregate under an advisory
          lock), a function ``take(limit)`` returning the next batch itself: a
          recordset or a list of rows (tuples), empty when there is nothing to do
          (``model`` then only names the model the pass works for).
        - ``process(batch)`` does the work and commits nothing. It returns
          ``False`` when it left the whole batch to another worker (e.g. a
          unique index refused what it would insert): the pass stops there,
          uncounted; anything else counts the batch as processed.

        Each processed batch is committed (``_amarc_commit_progress``) when run
        as a scheduled action: a crash loses nothing. The pass stops on an
        empty batch and after a short one (fewer than ``batch_size`` taken:
        what is left is held by other workers). An item is processed at most
        once per pass, even when processing leaves it matching ``where`` (a
        late flag that its recomputation leaves off): taken again, it is
        dropped from the batch, and a batch with nothing new ends the pass."""
        if callable(where):
            take = where
        else:

            def take(limit):
                return self._amarc_lock_batch(
                    model, where, limit, order=order, depends=depends
                )

        seen = set()
        processed = 0
        while True:
            batch = take(batch_size)
            taken = len(batch)
            if isinstance(batch, models.BaseModel):
                batch = batch.browse([id_ for id_ in batch.ids if id_ not in seen])
                seen.update(batch.ids)
            else:
                batch = [row for row in batch if row not in seen]
                seen.update(batch)
            if not batch or process(batch) is False:
                break
            processed += len(batch)
            self._amarc_commit_progress(len(batch))
            if taken < batch_size:
                break
        return processed

    @api.model
    def _amarc_plan_and_process(
        self,
        lock_key,
        plan,
        model,
        where,
        process,
        batch_size,
        order=None,
        depends=(),
    ):
        """A scheduled action that first plans its work, then does it: the
        records to send (digests, communications) are created by ``plan()``
        under the transaction-level advisory lock ``lock_key``, taken without
        waiting (one worker plans at a time; another one skips planning, it
        will process what the first committed), and the plan is committed
        (``_amarc_commit_progress``) before the work is done by batches with
        ``_amarc_process_batches`` (same ``model``, ``where``, ``process``,
        ``batch_size``, ``order`` and ``depends``). ``plan`` must be
        idempotent (a unique constraint on what it creates): it runs at every
        call of the scheduled action. Returns how many items were
        processed."""
        self.env.cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s)", lock_key))
        if self.env.cr.fetchone()[0]:
            plan()
            self._amarc_commit_progress(0)
        return self._amarc_process_batches(
            model, where, process, batch_size, order=order, depends=depends
        )
