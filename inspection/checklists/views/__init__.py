"""Routes of the checklists domain, one module per subject."""

from inspection.checklists.views import actions, filling, records, template_admin  # noqa: F401  (routes register on import)
