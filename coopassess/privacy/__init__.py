"""The information notice (RGPD art. 13) shown to respondents before they answer, its recorded
versions, and the facts of the legal pages."""
