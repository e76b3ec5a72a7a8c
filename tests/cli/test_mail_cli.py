"""``coopassess mail test`` and ``coopassess worker --once`` through the CLI runner."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner

from coopassess.mail import transport
from tests.fixtures.mail import mails, queue_messages, use_smtp
from tests.fixtures.smtp import smtp_server


def test_mail_test_queues_for_the_worker_and_says_where_it_goes(
    app: Flask, runner: FlaskCliRunner
) -> None:
    result = runner.invoke(args=["mail", "test", "--to", "ana@example.fr"])
    assert result.exit_code == 0, result.output
    outbox = Path(app.instance_path) / "outbox"
    assert "mis en file" in result.stdout and f"dossier {outbox}" in result.stdout
    (mail,) = mails(app)
    assert mail.status == "queued"
    worker = runner.invoke(args=["worker", "--once"])
    assert worker.exit_code == 0, worker.output
    assert worker.stdout.startswith("1 tâche(s) exécutée(s)")
    (file,) = outbox.iterdir()
    message = message_from_bytes(file.read_bytes(), policy=policy.default)
    assert message["To"] == "ana@example.fr"
    assert message["Subject"] == "CoopAssess\u00a0: message de test"
    assert "Ce message de test" in message.get_body(("plain",)).get_content()


def test_mail_test_now_through_the_relay(app: Flask, runner: FlaskCliRunner) -> None:
    with smtp_server() as smtp:
        use_smtp(app, smtp.url)
        result = runner.invoke(args=["mail", "test", "--to", "ana@example.fr", "--now"])
        assert result.exit_code == 0, result.output
        assert f"remis au relais SMTP 127.0.0.1:{smtp.port}" in result.stdout
        assert [received.rcpt_tos for received in smtp.received] == [["ana@example.fr"]]
    transport.close_all()


def test_mail_test_now_writes_the_file_and_names_it(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["mail", "test", "--to", "ana@example.fr", "--now"])
    assert result.exit_code == 0, result.output
    (file,) = (Path(app.instance_path) / "outbox").iterdir()
    assert f"écrit dans le dossier des messages\u00a0: {file}" in result.stdout


def test_mail_test_reports_a_relay_that_is_down(app: Flask, runner: FlaskCliRunner) -> None:
    with smtp_server(started=False) as smtp:
        use_smtp(app, smtp.url)
        result = runner.invoke(args=["mail", "test", "--to", "ana@example.fr", "--now"])
    assert result.exit_code == 1
    assert "non envoyé pour l'instant" in result.stderr and "connexion refusée" in result.stderr
    assert mails(app)[0].status == "queued"


def test_mail_test_refuses_bad_input(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["mail", "test", "--to", "pas une adresse"])
    assert result.exit_code == 2 and "Adresse invalide" in result.stderr
    app.config["SMTP_URL"] = "http://relay"
    result = runner.invoke(args=["mail", "test", "--to", "ana@example.fr"])
    assert result.exit_code == 2 and "COOPASSESS_SMTP_URL" in result.stderr
    assert mails(app) == []


def test_worker_once_leaves_retries_for_later(app: Flask, runner: FlaskCliRunner) -> None:
    with smtp_server() as smtp:
        use_smtp(app, smtp.url)
        smtp.answers = ["421 4.3.2 Service not available"]
        queue_messages(app, 1)
        result = runner.invoke(args=["worker", "--once"])
    transport.close_all()
    assert result.exit_code == 0, result.output
    assert "1 tâche(s) exécutée(s)\u00a0; 1 prévue(s) plus tard" in result.stdout
