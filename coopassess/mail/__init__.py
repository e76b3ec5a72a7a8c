"""Outgoing mail: stored messages (``outbox``), built with the standard library (``messages``),
delivered by a job (``delivery``) through SMTP or into the outbox folder (``transport``)."""
