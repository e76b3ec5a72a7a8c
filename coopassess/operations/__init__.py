"""Operating an installation: backup and restore of the database (docs/operations.md)."""
