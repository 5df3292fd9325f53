from odoo import api, models


class AmarcReviewLineMixin(models.AbstractModel):
    """The lines of a review (its inputs and decisions): nothing is added to,
    changed in or deleted from a completed review until it is reopened.

    Once their review was completed they are records of chapter V, kept three
    years like the review itself (``amarc.retention.mixin``): a reopened
    review's lines can be archived, not deleted, before that date. The lines
    of a review never completed are a draft, deleted freely."""

    _name = "amarc.review.line.mixin"
    _description = "AMARC Review Line"
    _inherit = ["amarc.retention.mixin"]

    def _amarc_retention_until(self):
        self.ensure_one()
        if not self.review_id.done_date:
            return False
        return self.review_id._amarc_retention_until()

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.review_id._check_not_frozen()
        return lines

    def write(self, vals):
        self.review_id._check_not_frozen()
        lines = super().write(vals)
        if "review_id" in vals:
            self.review_id._check_not_frozen()
        return lines

    @api.ondelete(at_uninstall=False)
    def _unlink_except_frozen_review(self):
        self.review_id._check_not_frozen()
