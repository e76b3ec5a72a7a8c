"""The rights of the people whose data the collectivité holds: access (an export of everything
held about an e-mail address), erasure, and the withdrawal of a response by its respondent."""
