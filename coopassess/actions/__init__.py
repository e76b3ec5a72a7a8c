"""The action plan of a campaign: its actions and their history (:mod:`.service`), and the
suggestions read from the results (:mod:`.suggestions`)."""
