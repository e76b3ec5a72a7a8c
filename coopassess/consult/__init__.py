"""The consultant's portfolio: dashboard, comparison, evolution and the peer référence; ``views/``
holds their pages."""
