"""Pure helpers every layer may use: a small LRU, slugs, token hashes (no Flask, no database)."""
