"""Campaigns: the campaign service (links, participation, closing), its results, respondents,
summaries and access rules; ``views/`` holds the campaign pages."""
