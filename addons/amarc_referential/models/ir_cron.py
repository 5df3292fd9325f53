from odoo import api, models


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
