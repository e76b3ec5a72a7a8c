"""Blueprints of the campaign pages: the campaign, its respondents, its exports."""
