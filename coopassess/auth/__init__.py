"""Accounts: login, server-side sessions, roles and the permission helpers every view uses."""
