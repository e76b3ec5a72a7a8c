"""French typography in the templates' own words, applied once when a template is loaded (no
cost per page): the text between the tags gets the non-breaking spaces of
``common.typography``. Jinja expressions, tags, attributes and the content of ``textarea``,
``pre``, ``code``, ``script`` and ``style`` are left as they are; what the views insert is set
by the ``|fr`` filter where it is prose (never what people typed)."""

from __future__ import annotations

import re

from flask import Flask
from jinja2.ext import Extension

from coopassess.common.typography import french

# Jinja blocks, comments and expressions, and HTML tags: never touched.
_CODE = re.compile(r"({%.*?%}|{{.*?}}|{#.*?#}|<[^>]*>)", re.S)
_VERBATIM = re.compile(r"<(textarea|pre|code|script|style)\b", re.I)


def french_source(source: str) -> str:
    """``source`` with French typography in its literal text."""
    out: list[str] = []
    verbatim: str | None = None
    for part in _CODE.split(source):
        if not part:
            continue
        if part.startswith("<"):
            opening = _VERBATIM.match(part)
            if opening and not part.endswith("/>"):
                verbatim = opening.group(1).lower()
            elif verbatim and part.lower().startswith(f"</{verbatim}"):
                verbatim = None
            out.append(part)
        elif part.startswith(("{%", "{{", "{#")) or verbatim:
            out.append(part)
        else:
            out.append(french(part))
    return "".join(out)


class FrenchTypography(Extension):
    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return french_source(source)


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension(FrenchTypography)
