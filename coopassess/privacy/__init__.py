"""Personal data: the information notice (RGPD art. 13) shown to respondents before they
answer, its recorded versions and the facts of the legal pages; and the rights of the people
whose data the collectivité holds: access (an export of everything held about an e-mail
address), erasure, and the withdrawal of a response by its respondent."""
