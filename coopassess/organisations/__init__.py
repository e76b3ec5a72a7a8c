"""Organisations from the web: the list, creating, editing and archiving them."""
