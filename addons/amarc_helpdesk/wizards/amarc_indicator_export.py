import base64
import hashlib
import os
import shutil
import tempfile

from odoo import api, fields, models
from odoo.exceptions import UserError

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 1 << 20


class AmarcIndicatorExport(models.TransientModel):
    """XLSX export of the indicators of a period (AMARC 1.12, 1.16).

    The workbook is written to a temporary file in constant memory, then moved
    into the filestore as the attachment of ``file_data`` without being read
    into memory: exporting a million tickets takes no more memory than a
    hundred thousand (bench/README.md, ``xlsx_memory``)."""

    _name = "amarc.indicator.export"
    _description = "Export AMARC indicators to XLSX"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    period = fields.Selection(
        [("month", "Month"), ("semester", "Semester"), ("year", "Year")],
        required=True,
        default="year",
    )
    date_from = fields.Date(
        string="From",
        compute="_compute_dates",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    date_to = fields.Date(
        string="To",
        compute="_compute_dates",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    file_data = fields.Binary(string="File", readonly=True, attachment=True)
    file_name = fields.Char(readonly=True)

    @api.depends("period")
    def _compute_dates(self):
        Indicator = self.env["amarc.helpdesk.indicator"]
        today = fields.Date.context_today(self)
        for wizard in self:
            wizard.date_from, wizard.date_to = Indicator._amarc_period_bounds(
                wizard.period or "year", today
            )

    def _amarc_store_file(self, path):
        """Make the file ``path`` the content of ``file_data``. With the
        filestore (Odoo's default storage) the file is moved there and its
        checksum computed chunk by chunk; with database storage it is read."""
        self.ensure_one()
        Attachment = self.env["ir.attachment"].sudo()
        if Attachment._storage() != "file":
            with open(path, "rb") as content:
                self.file_data = base64.b64encode(content.read())
            return
        sha, size = hashlib.sha1(), 0
        with open(path, "rb") as content:
            for chunk in iter(lambda: content.read(CHUNK), b""):
                sha.update(chunk)
                size += len(chunk)
        checksum = sha.hexdigest()
        # the filestore's layout (ir.attachment._get_path)
        fname = f"{checksum[:2]}/{checksum}"
        full_path = Attachment._full_path(fname)
        os.makedirs(os.path.dirname(full_path), exist_ok=True)
        if not os.path.exists(full_path):
            shutil.copyfile(path, full_path)
            # collected by the filestore's garbage collector if rolled back
            Attachment._mark_for_gc(fname)
        self.file_data = False
        attachment = Attachment.create(
            {
                "name": "file_data",
                "res_model": self._name,
                "res_field": "file_data",
                "res_id": self.id,
                "type": "binary",
                "mimetype": XLSX_MIMETYPE,
            }
        )
        # the content fields are computed from the data by create/write, which
        # would need the file in memory: set them on the stored file directly
        attachment.flush_recordset()
        self.env.cr.execute(
            """
            UPDATE ir_attachment
               SET store_fname = %s, file_size = %s, checksum = %s, db_datas = NULL
             WHERE id = %s
            """,
            (fname, size, checksum, attachment.id),
        )
        attachment.invalidate_recordset()
        self.invalidate_recordset(["file_data"])

    def action_export(self):
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(
                self.env._("The end of the period cannot be before its start.")
            )
        handle, path = tempfile.mkstemp(prefix="amarc_indicators_", suffix=".xlsx")
        os.close(handle)
        try:
            self.env["amarc.helpdesk.indicator"]._amarc_xlsx_file(
                path, self.date_from, self.date_to, self.company_id
            )
            self._amarc_store_file(path)
        finally:
            os.unlink(path)
        self.file_name = self.env._(
            "Indicators %(start)s - %(end)s.xlsx",
            start=self.date_from,
            end=self.date_to,
        )
        return {
            "type": "ir.actions.act_url",
            "url": (
                f"/web/content/?model={self._name}&id={self.id}&field=file_data"
                f"&filename_field=file_name&download=true"
            ),
            "target": "self",
        }
