"""Demo data: the demo organisations' responses and the large portfolio written in bulk."""
