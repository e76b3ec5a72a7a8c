"""Blueprints of the admin pages: the audit log and the quality report."""
