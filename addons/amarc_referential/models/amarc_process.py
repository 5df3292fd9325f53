from odoo import api, fields, models
from odoo.exceptions import UserError


class AmarcProcess(models.Model):
    """A process of the company whose yearly review fulfils criterion 1.6
    ("le processus de management des insatisfactions est revu et amélioré au
    minimum une fois par an"). Each company has at least the complaint
    management process; a company that splits it (complaints, recourses, ...)
    reviews each of its processes every year: one 1.6 obligation per active
    process."""

    _name = "amarc.process"
    _description = "AMARC Process"
    _inherit = ["mail.thread"]
    _order = "company_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        tracking=True,
        domain="[('share', '=', False)]",
        help="Pilots the process and its yearly review.",
    )
    description = fields.Text()
    active = fields.Boolean(default=True, tracking=True)

    @api.model
    def _amarc_default_name(self):
        """The name of the default process, in each installed language."""
        return {
            code: self.with_context(lang=code).env._("Complaint management")
            for code, _name in self.env["res.lang"].get_installed()
        }

    @api.model
    def _amarc_create_defaults(self, companies):
        """Give each of ``companies`` that has no process (archived ones
        included) the complaint management process, owned by its quality
        manager. Returns the processes created."""
        Process = self.sudo().with_context(active_test=False)
        having = set(
            Process.search([("company_id", "in", companies.ids)]).company_id.ids
        )
        names = self._amarc_default_name()
        processes = Process.with_context(lang="en_US").create(
            [
                {
                    "name": names.get("en_US", "Complaint management"),
                    "company_id": company.id,
                    "user_id": company.amarc_quality_manager_id.id,
                }
                for company in companies
                if company.id not in having
            ]
        )
        for process in processes:
            process.update_field_translations("name", names)
        return processes

    @api.model_create_multi
    def create(self, vals_list):
        processes = super().create(vals_list)
        processes.company_id.filtered(
            "amarc_referential_id"
        ).sudo()._amarc_generate_obligations(revive=False)
        return processes

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        Obligation = self.env["amarc.obligation"].sudo().with_context(active_test=False)
        for process in self:
            if Obligation.search_count([("process_id", "=", process.id)], limit=1):
                raise UserError(
                    self.env._(
                        "Process %(process)s has obligations and reviews: archive "
                        "it instead of deleting it.",
                        process=process.name,
                    )
                )

    def write(self, vals):
        if "company_id" in vals:
            used = (
                self.env["amarc.obligation"]
                .sudo()
                .with_context(active_test=False)
                .search_count([("process_id", "in", self.ids)], limit=1)
            )
            if used and any(p.company_id.id != vals["company_id"] for p in self):
                raise UserError(
                    self.env._(
                        "A process with obligations cannot move to another "
                        "company: archive it and create one in the other company."
                    )
                )
        res = super().write(vals)
        if "active" in vals:
            Obligation = self.env["amarc.obligation"].sudo()
            if vals["active"]:
                # a process back in use gets its obligations back
                Obligation.with_context(active_test=False).search(
                    [("process_id", "in", self.ids), ("active", "=", False)]
                ).active = True
            self.company_id.filtered(
                "amarc_referential_id"
            ).sudo()._amarc_generate_obligations(revive=False)
        return res
