"""The JSON API (``/api/v1``, read-only), its OpenAPI document, and the API tokens that open it
without a browser session (managed at ``/compte/jetons`` and with ``coopassess user token``)."""
