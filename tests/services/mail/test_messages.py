"""The message as built: read back with the standard library's parser."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.header import decode_header, make_header

import pytest

from coopassess.mail.messages import InvalidMail, MessageParts, build_message, message_id

ORGANISATION = 'Mairie de Saint-Étienne, service "Économie circulaire"'


def _parts(**overrides: object) -> MessageParts:
    fields: dict[str, object] = {
        "to": "ana@example.fr",
        "subject": "Votre avis compte — diagnostic coopératif",
        "text": "Bonjour Ana,\nvotre lien : https://coop.example.fr/i/abc\n",
        "html": "<p>Bonjour Ana,</p>",
        "sender_name": ORGANISATION,
        "mail_from": "ne-pas-repondre@coop.example.fr",
        "reply_to": "referente@mairie.example.fr",
        "unsubscribe_url": "https://coop.example.fr/desinscription/xyz",
        "message_id": "<coopassess.1.abcd@coop.example.fr>",
        "date": datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
    }
    fields.update(overrides)
    return MessageParts(**fields)  # type: ignore[arg-type]


def _read_back(parts: MessageParts):
    return message_from_bytes(build_message(parts).as_bytes(), policy=policy.default)


def sender_of(raw_from: str) -> tuple[str, str]:
    """Display name and address of a raw From header, decoded by RFC 2047's rules (the
    whitespace between two encoded words is dropped, which the modern parser of Python 3.11
    does not do when a name is folded)."""
    phrase, _, address = raw_from.rpartition("<")
    return str(make_header(decode_header(phrase.strip()))), address.rstrip(">").strip()


def test_headers_survive_a_round_trip() -> None:
    message = _read_back(_parts())
    raw = message_from_bytes(build_message(_parts()).as_bytes(), policy=policy.compat32)
    assert sender_of(raw["From"]) == (ORGANISATION, "ne-pas-repondre@coop.example.fr")
    assert message["To"] == "ana@example.fr"
    assert message["Reply-To"] == "referente@mairie.example.fr"
    assert message["Subject"] == "Votre avis compte — diagnostic coopératif"
    assert message["List-Unsubscribe"] == "<https://coop.example.fr/desinscription/xyz>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"] == "<coopassess.1.abcd@coop.example.fr>"
    assert message["Content-Language"] == "fr"
    assert message["Date"].datetime == datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def test_raw_headers_are_ascii_and_the_sender_name_encoded() -> None:
    raw = build_message(_parts()).as_bytes()
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert head.isascii()
    assert b"=?utf-8?" in head  # accents encoded (RFC 2047), not raw


def test_text_and_html_alternatives() -> None:
    message = _read_back(_parts())
    assert message.get_content_type() == "multipart/alternative"
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert plain is not None and "https://coop.example.fr/i/abc" in plain.get_content()
    assert html is not None and html.get_content().strip() == "<p>Bonjour Ana,</p>"


def test_text_only_and_no_unsubscribe() -> None:
    message = _read_back(_parts(html=None, unsubscribe_url=None, reply_to=None))
    assert message.get_content_type() == "text/plain"
    assert message["List-Unsubscribe"] is None and message["List-Unsubscribe-Post"] is None
    assert message["Reply-To"] is None


def test_line_breaks_in_subject_and_sender_name_are_folded() -> None:
    message = _read_back(
        _parts(subject="Bonjour\r\nBcc: pirate@example.com", sender_name="Mairie\nBcc: x@y.fr")
    )
    assert message["Bcc"] is None
    assert message["Subject"] == "Bonjour Bcc: pirate@example.com"
    assert message["From"].addresses[0].display_name == "Mairie Bcc: x@y.fr"


@pytest.mark.parametrize(
    "field, value",
    [
        ("to", "ana@example.fr\r\nBcc: pirate@example.com"),
        ("to", "pas une adresse"),
        ("to", "Ana <ana@example.fr>"),
        ("reply_to", "ref@example.fr\nBcc: x@example.com"),
        ("unsubscribe_url", "https://coop.example.fr/x\r\nBcc: x@example.com"),
        ("unsubscribe_url", "javascript:alert(1)"),
        ("mail_from", "coop@example.fr>, pirate@example.com"),
    ],
)
def test_header_injection_is_refused(field: str, value: str) -> None:
    with pytest.raises(InvalidMail) as error:
        build_message(_parts(**{field: value}))
    assert "invalide" in str(error.value)


def test_message_id_is_stable_and_uses_the_sender_domain() -> None:
    first = message_id(7, "f" * 64, "coop@asso.example.org")
    assert first == message_id(7, "f" * 64, "coop@asso.example.org")
    assert first.startswith("<coopassess.7.") and first.endswith("@asso.example.org>")
