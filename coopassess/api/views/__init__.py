"""Blueprints of the API: the JSON endpoints and the page where users manage their tokens."""
