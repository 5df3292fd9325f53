from odoo import api, fields, models

from .amarc_criterion import LEVELS


class ResCompany(models.Model):
    _inherit = "res.company"

    def _default_amarc_referential(self):
        return self.env.ref(
            "amarc_referential.referential_re_mrc_03", raise_if_not_found=False
        )

    amarc_referential_id = fields.Many2one(
        "amarc.referential",
        string="AMARC referential",
        default=lambda self: self._default_amarc_referential(),
        ondelete="restrict",
    )
    amarc_level = fields.Selection(
        LEVELS,
        string="AMARC certification level",
        default="A",
        help="Level A is the standard level; level B, the optimised level, adds the "
        "criteria marked for level B only.",
    )

    amarc_quality_manager_id = fields.Many2one(
        "res.users",
        string="AMARC quality manager",
        domain="[('share', '=', False)]",
        help="Pilots the certification: responsible by default for the recurring "
        "obligations, and told of alerts.",
    )

    def _amarc_applicable_criteria(self):
        """Criteria of the company's referential that apply at its level."""
        self.ensure_one()
        if not self.amarc_referential_id:
            return self.env["amarc.criterion"]
        Criterion = self.env["amarc.criterion"]
        return Criterion.search(
            [("referential_id", "=", self.amarc_referential_id.id)]
            + Criterion._level_domain(self.amarc_level or "A")
        )

    def _amarc_wanted_obligations(self):
        """{(criterion id, checkpoint id or False, process id or False):
        frequency} of the recurring obligations that apply to the company at
        its level; a criterion fulfilled per process (1.6) has one obligation
        per active process of the company."""
        self.ensure_one()
        level_field = "level_a" if self.amarc_level == "A" else "level_b"
        per_process = self.env["amarc.obligation"]._amarc_per_process_codes
        processes = (
            self.env["amarc.process"].sudo().search([("company_id", "=", self.id)])
        )
        wanted = {}
        for criterion in self._amarc_applicable_criteria():
            checkpoints = criterion.checkpoint_ids.filtered(
                lambda c: c.frequency != "none" and c[level_field]
            )
            for checkpoint in checkpoints:
                wanted[(criterion.id, checkpoint.id, False)] = checkpoint.frequency
            if checkpoints or criterion.frequency == "none":
                continue
            if criterion.code in per_process:
                for process in processes:
                    wanted[(criterion.id, False, process.id)] = criterion.frequency
            else:
                wanted[(criterion.id, False, False)] = criterion.frequency
        return wanted

    def _amarc_adopt_obligations(self, wanted, by_key):
        """An obligation of a per-process criterion kept without a process
        (made before the company had processes) is taken over by the first
        process that has none, with its history and evidence, instead of being
        archived while a new one starts from nothing. Updates ``by_key``."""
        self.ensure_one()
        for key in wanted:
            criterion_id, checkpoint_id, process_id = key
            orphan_key = (criterion_id, checkpoint_id, False)
            if not process_id or key in by_key or orphan_key in wanted:
                continue
            orphan = by_key.pop(orphan_key, None)
            if orphan:
                orphan.process_id = process_id
                by_key[key] = orphan

    def _amarc_generate_obligations(self, revive=True):
        """Create the recurring obligations of each company from the criteria (and
        their checkpoints) that have a frequency and apply at its level; archive
        the ones that no longer apply. Idempotent. ``revive``: reactivate the
        archived obligations that apply again (after a change of level); an
        update of the addon does not, so an obligation archived by hand stays
        archived."""
        Obligation = self.env["amarc.obligation"].sudo().with_context(active_test=False)
        for company in self:
            wanted = company._amarc_wanted_obligations()
            # the obligations of other chapters (VI.1) are the addons' own
            existing = Obligation.search(
                [("company_id", "=", company.id), ("reference_code", "=", False)]
            )
            by_key = {
                (
                    o.criterion_id.id,
                    o.checkpoint_id.id or False,
                    o.process_id.id or False,
                ): o
                for o in existing
            }
            company._amarc_adopt_obligations(wanted, by_key)
            processes = self.env["amarc.process"].sudo()
            Obligation.create(
                [
                    {
                        "company_id": company.id,
                        "criterion_id": criterion_id,
                        "checkpoint_id": checkpoint_id,
                        "process_id": process_id,
                        "frequency": frequency,
                        "user_id": (
                            processes.browse(process_id).user_id
                            or company.amarc_quality_manager_id
                        ).id,
                    }
                    for (
                        criterion_id,
                        checkpoint_id,
                        process_id,
                    ), frequency in wanted.items()
                    if (criterion_id, checkpoint_id, process_id) not in by_key
                ]
            )
            stale = [
                o.id for key, o in by_key.items() if o.active and key not in wanted
            ]
            Obligation.browse(stale).active = False
            revived = [
                o.id for key, o in by_key.items() if not o.active and key in wanted
            ]
            if revive:
                Obligation.browse(revived).active = True
        return True

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env["amarc.process"]._amarc_create_defaults(companies)
        companies.filtered("amarc_referential_id")._amarc_generate_obligations()
        return companies

    def write(self, vals):
        res = super().write(vals)
        if "amarc_level" in vals or "amarc_referential_id" in vals:
            certified = self.filtered("amarc_referential_id")
            self.env["amarc.process"]._amarc_create_defaults(certified)
            certified._amarc_generate_obligations()
        if vals.get("amarc_quality_manager_id"):
            self.env["amarc.process"].sudo().search(
                [("company_id", "in", self.ids), ("user_id", "=", False)]
            ).user_id = vals["amarc_quality_manager_id"]
            self.env["amarc.obligation"].sudo().search(
                [("company_id", "in", self.ids), ("user_id", "=", False)]
            ).user_id = vals["amarc_quality_manager_id"]
        return res

    @api.model
    def _amarc_install_defaults(self):
        """Called once the referential data is loaded: companies without a
        referential get RE/MRC/03, and every company its default process and
        its obligations."""
        referential = self._default_amarc_referential()
        if not referential:
            return
        companies = self.sudo().search([("amarc_referential_id", "=", False)])
        companies.write({"amarc_referential_id": referential.id})
        companies = self.sudo().search([("amarc_referential_id", "!=", False)])
        self.env["amarc.process"]._amarc_create_defaults(companies)
        companies._amarc_generate_obligations(revive=False)
