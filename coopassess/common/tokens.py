"""Secret tokens (invitation links, password links, API tokens, sessions): only their sha256 is
stored, so the database alone opens nothing and a token is found by an indexed equality."""

from __future__ import annotations

import hashlib


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
