"""Mail settings: the SMTP URL, its password, and the defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopassess.mail.settings import MailSettings, MailSettingsError, parse_smtp_url


def test_smtp_url_with_starttls_and_encoded_password() -> None:
    smtp = parse_smtp_url(
        "smtp://relais%40agglo.fr:p%40ss%3Aw%2Frd@relay.example.fr:587?starttls=1"
    )
    assert (smtp.host, smtp.port, smtp.ssl, smtp.starttls) == ("relay.example.fr", 587, False, True)
    assert smtp.username == "relais@agglo.fr"
    assert smtp.password == "p@ss:w/rd"
    assert "p@ss" not in repr(smtp) and "p@ss" not in smtp.describe()
    assert "relais@agglo.fr" not in smtp.describe()


def test_smtps_defaults_to_465_and_smtp_to_25() -> None:
    assert parse_smtp_url("smtps://u:p@relay").port == 465
    assert parse_smtp_url("smtps://u:p@relay").ssl
    plain = parse_smtp_url("smtp://relay")
    assert (plain.port, plain.starttls, plain.username, plain.password) == (25, False, None, None)
    assert parse_smtp_url("smtp://relay?timeout=3").timeout == 3.0


@pytest.mark.parametrize("url", ["http://relay", "smtp://", "smtp://relay:port", "relay:25"])
def test_bad_smtp_urls_are_refused_in_french(url: str) -> None:
    with pytest.raises(MailSettingsError) as error:
        parse_smtp_url(url)
    assert "COOPASSESS_SMTP_URL" in str(error.value)


def _config(**overrides: object) -> dict[str, object]:
    config: dict[str, object] = {
        "MAIL_FROM": "coop@example.fr",
        "OUTBOX_DIR": "/tmp/outbox",
        "SMTP_URL": None,
        "MAIL_RATE": 0,
        "MAIL_MAX_ATTEMPTS": 5,
        "MAIL_RETRY_DELAYS": [60, 300, 900, 3600],
        "MAIL_CLAIM_TIMEOUT": 600,
        "REDIS_URL": None,
        "JOBS_NAME": "coopassess",
    }
    config.update(overrides)
    return config


def test_settings_from_config_and_retry_delays() -> None:
    settings = MailSettings.from_config(_config())
    assert settings.smtp is None and settings.outbox_dir == Path("/tmp/outbox")
    assert "dossier /tmp/outbox" in settings.destination()
    assert [settings.retry_delay(n) for n in (1, 2, 3, 4, 5, 9)] == [60, 300, 900, 3600] + [
        3600
    ] * 2
    relay = MailSettings.from_config(_config(SMTP_URL="smtp://u:secret@relay:2525"))
    assert relay.destination() == "relais SMTP relay:2525"


def test_a_bad_sender_address_is_refused() -> None:
    with pytest.raises(MailSettingsError) as error:
        MailSettings.from_config(_config(MAIL_FROM="coop\r\n@example.fr"))
    assert "COOPASSESS_MAIL_FROM" in str(error.value)
