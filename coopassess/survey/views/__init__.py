"""Blueprints of the respondent's journey: invitation links, questionnaire pages, shared results."""
