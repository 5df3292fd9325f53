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
    def _amarc_lock_batch(self, model, where, limit, order=None):
        """Ids of at most ``limit`` rows of ``model`` matching the SQL condition
        ``where``, locked for this transaction. Rows locked by another worker
        are skipped, so two workers never take the same rows. Pending ORM
        writes are flushed first: the condition sees them.

        A row that another worker changed and committed after this transaction
        began cannot be locked in REPEATABLE READ (serialization failure): that
        worker took it; this batch is empty and the next run, with a fresh
        snapshot, sees what is left."""
        records = self.env[model]
        records.flush_model()
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
