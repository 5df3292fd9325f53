from odoo import api, models


class AmarcCertificationFileIndex(models.AbstractModel):
    """The index of the certification file: per commitment and criterion, what
    proves it, and what is missing."""

    _name = "report.amarc_internal_audit.report_certification_file_index"
    _description = "AMARC certification file index"

    @api.model
    def _get_report_values(self, docids, data=None):
        certifications = self.env["amarc.certification"].browse(docids)
        index = (data or {}).get("index")
        if not index:
            certification = certifications[:1]
            date_from, date_to = certification._amarc_file_period()
            sections = certification._amarc_file_sections(date_from, date_to)
            index = certification._amarc_file_index(sections, date_from, date_to)
        return {
            "doc_ids": docids,
            "doc_model": "amarc.certification",
            "docs": certifications,
            "index": index,
        }
