"""The follow-up of an action plan at the organisation's next campaign: open actions carried
over, the evolution beside the actions done, the overdue actions (dashboard filter, the
referents' weekly digest). Works on ``coopassess.models.Action`` (docs/followup.md)."""
