"""Retention: erasing participants' addresses and individual answers once their periods after
a campaign's closing have run out, keeping the aggregated results (docs/retention.md)."""
