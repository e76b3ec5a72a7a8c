"""Text that an XML file can hold: SVG charts, PDF paragraphs (reportlab parses markup) and
XLSX cells all refuse the characters XML 1.0 forbids.

One rule for every writer: such characters (C0 controls but tab, line feed and carriage
return; lone surrogates; U+FFFE and U+FFFF) are dropped. They carry nothing a reader could
see, and one of them in an organisation's name made the radar image disappear.
"""

from __future__ import annotations

import re

XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids."""
    return XML_FORBIDDEN.sub("", text)
