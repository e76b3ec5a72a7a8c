"""Administration: the audit log and the quality report; ``views/`` holds their pages."""
