"""Participants of a campaign: the invited people, their messages, sending and follow-up."""
