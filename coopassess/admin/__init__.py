"""Administration: the audit log and the instrument's quality report; ``views/`` holds their pages."""
