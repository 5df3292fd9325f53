"""Small helpers shared by the AMARC addons (no model, no database)."""

from .dates import year_bounds
from .selection import selection_label, selection_labels

__all__ = ["selection_label", "selection_labels", "year_bounds"]
