from odoo import fields, models


class AmarcLexiconTerm(models.Model):
    """A term of the referential's glossary (VII.1) or lexicon (VII.2)."""

    _name = "amarc.lexicon.term"
    _description = "AMARC Lexicon Term"
    _order = "kind, sequence, name"

    name = fields.Char(string="Term", required=True, translate=True)
    definition = fields.Text(required=True, translate=True)
    kind = fields.Selection(
        [("glossary", "Glossary (abbreviation)"), ("lexicon", "Lexicon")],
        required=True,
        default="lexicon",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
