"""Blueprints of the consultant's pages: dashboard, comparison, organisation, portfolio export."""
