"""Retention on both engines, months after a campaign's closing (time-machine): addresses go
after their period, individual answers after theirs; summaries, comparisons and evolution read
the same figures as before, exports of answers say what happened; the nightly job runs through
the real queue; a dry run changes nothing; open campaigns are never purged; reopening resets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import func, select

from coopassess.campaigns import service as core
from coopassess.campaigns.results import campaign_results
from coopassess.campaigns.summaries import summaries
from coopassess.consult.comparison import blocks, select_campaigns
from coopassess.consult.reference import timeline
from coopassess.db import db_session
from coopassess.mail import outbox
from coopassess.models import (
    Answer,
    AuditEvent,
    Base,
    Campaign,
    Invitation,
    LoginAttempt,
    Organisation,
    OutgoingMail,
    Participant,
    Response,
    ResponseComment,
)
from coopassess.registry import registry
from coopassess.retention.service import add_months
from tests.fixtures.accounts import login, make_user
from tests.fixtures.campaigns import make_campaign
from tests.fixtures.jobs import QUEUES, app_on_queue
from tests.fixtures.mail import queue_of
from tests.fixtures.participants import add_people
from tests.fixtures.portfolio import organisation_with_campaigns

CLOSED = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
ADDRESS = "camille.durand@rives.example.fr"


@pytest.fixture
def portfolio(app: Flask) -> Iterator[tuple[int, list[int]]]:
    """An organisation with two campaigns closed on CLOSED (its evolution), the latest one
    with participants, their personal links and the messages sent to them."""
    organisation_id, ids = organisation_with_campaigns(app, "Agglo des Rives", (5, 6))
    _set_status(app, ids[1], "open", None)
    people = add_people(app, ids[1], ADDRESS, "dominique@rives.example.fr")
    for campaign_id in ids:
        _set_status(app, campaign_id, "closed", CLOSED)
    with app.app_context():
        session = db_session()
        batch = outbox.create_batch(session, kind="invitation", campaign_id=ids[1])
        for participant_id in people:
            participant = session.get(Participant, participant_id)
            outbox.queue_mail(
                session,
                to=participant.email,
                subject="Votre invitation",
                text=f"Bonjour, votre lien : https://x/i/secret-{participant_id}",
                html=f"<p>Votre lien pour {participant.email}</p>",
                sender_name="Agglo des Rives",
                idempotency_key=f"invitation:{participant_id}",
                ref=f"participant:{participant_id}",
                batch_id=batch.id,
            )
        session.commit()
    yield organisation_id, ids


def _set_status(app: Flask, campaign_id: int, status: str, closed_at: datetime | None) -> None:
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, campaign_id)
        campaign.status, campaign.closed_at = status, closed_at
        session.commit()


def _figures(app: Flask, organisation_id: int, ids: list[int]) -> dict[str, object]:
    """What the portfolio, the evolution and the comparison read of the campaigns."""
    with app.app_context():
        session, instruments = db_session(), registry()
        stored = summaries(session, instruments, ids)
        campaigns = [session.get(Campaign, campaign_id) for campaign_id in ids]
        selection = select_campaigns(session, instruments, campaigns)
        inst = instruments.get(campaigns[0].instrument_version)
        waves = timeline(session, instruments, session.get(Organisation, organisation_id))
        return {
            "summaries": {
                key: (row.key_submitted, row.n_respondents, row.imc, row.level, row.scores)
                for key, row in stored.items()
            },
            "comparison": blocks(inst, selection.results),
            "periods": selection.periods,
            "evolution": [(wave.label, wave.summary.imc, wave.summary.level) for wave in waves],
            "results": [
                {**campaign_results(session, instruments, c).to_json(), "respondents": []}
                for c in campaigns
            ],
        }


def _counts(app: Flask, campaign_id: int) -> dict[str, int]:
    with app.app_context():
        session = db_session()
        responses = select(Response.id).where(Response.campaign_id == campaign_id)
        return {
            "participants": session.scalar(
                select(func.count()).where(Participant.campaign_id == campaign_id)
            ),
            "responses": session.scalar(select(func.count()).select_from(responses.subquery())),
            "answers": session.scalar(
                select(func.count()).where(Answer.response_id.in_(responses))
            ),
            "comments": session.scalar(
                select(func.count()).where(ResponseComment.response_id.in_(responses))
            ),
        }


def _texts_holding(app: Flask, needle: str) -> list[str]:
    """Every table.column of text type where ``needle`` appears, anywhere in the database."""
    found = []
    with app.app_context():
        session = db_session()
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if isinstance(column.type, sa.String | sa.Text | sa.JSON):
                    text = sa.cast(column, sa.Text) if isinstance(column.type, sa.JSON) else column
                    hit = session.scalar(
                        select(func.count()).select_from(table).where(text.contains(needle))
                    )
                    if hit:
                        found.append(f"{table.name}.{column.name}")
    return found


def _run_nightly(app: Flask, day: datetime) -> None:
    """The queue's periodic jobs at 03:20 on ``day`` (when the purge is scheduled)."""
    moment = day.replace(hour=3, minute=20, second=0, microsecond=0)
    with time_machine.travel(moment, tick=False):
        queue_of(app).run_once(now=moment, periodic=True)


def test_addresses_then_answers_go_and_the_aggregates_stay(
    app: Flask, client: FlaskClient, runner: FlaskCliRunner, portfolio: tuple[int, list[int]]
) -> None:
    organisation_id, ids = portfolio
    before = _figures(app, organisation_id, ids)
    with app.app_context():
        first = db_session().scalar(select(Response.id).where(Response.campaign_id == ids[1]))
        db_session().add(ResponseComment(response_id=first, questionnaire="COOP", text="Exemple"))
        db_session().commit()
    full = _counts(app, ids[1])
    assert full == {"participants": 2, "responses": 6, "answers": full["answers"], "comments": 1}
    assert full["answers"] > 0 and _texts_holding(app, ADDRESS)
    make_user(app, "conseil@example.fr", "admin")
    login(client, "conseil@example.fr")
    page = client.get(f"/campagnes/{ids[1]}").get_data(as_text=True)
    assert "Adresses des participants conservées jusqu'au 10/04/2027 (3 mois" in page
    assert "Réponses individuelles conservées jusqu'au 10/01/2029 (24 mois" in page

    _run_nightly(app, add_months(CLOSED, 3) - timedelta(days=1))
    assert _counts(app, ids[1]) == full

    _run_nightly(app, add_months(CLOSED, 3) + timedelta(days=1))
    assert _counts(app, ids[1]) == {**full, "participants": 0}
    assert _texts_holding(app, ADDRESS) == []
    assert _texts_holding(app, "secret-") == []  # the messages holding personal links
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, ids[1])
        assert campaign.addresses_purged_at is not None and campaign.answers_purged_at is None
        linked = select(func.count()).where(
            Invitation.campaign_id == ids[1], Invitation.email.is_not(None)
        )
        assert session.scalar(linked) == 0

    late = add_months(CLOSED, 24) + timedelta(days=1)
    with time_machine.travel(late, tick=False):
        simulated = runner.invoke(args=["data", "purge", "--dry-run"])
    assert simulated.exit_code == 0, simulated.output
    assert f"Campagne n° {ids[1]}" in simulated.output and "6 réponses" in simulated.output
    assert "seraient supprimées" in simulated.output and ADDRESS not in simulated.output
    assert _counts(app, ids[1])["responses"] == 6

    with time_machine.travel(late, tick=False):
        done = runner.invoke(args=["data", "purge"])
    assert done.exit_code == 0, done.output
    assert "6 réponses" in done.output and "supprimées." in done.output
    assert _counts(app, ids[1]) == {
        "participants": 0,
        "responses": 0,
        "answers": 0,
        "comments": 0,
    }
    assert _counts(app, ids[0])["responses"] == 0
    assert _figures(app, organisation_id, ids) == before
    with app.app_context():
        counted = core.participation(db_session(), ids)
        assert (counted[ids[1]].started, counted[ids[1]].submitted) == (6, 6)

    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, ids[1])
        assert campaign.answers_purged_at == late
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "campaign.purge")
        ).all()
        assert {event.target for event in events} == {f"campaign:{i}" for i in ids}
        assert all(ADDRESS not in str(event.detail) for event in events)
        with pytest.raises(core.CampaignError):
            core.reopen(campaign, today=late.date())

    with time_machine.travel(late + timedelta(hours=1), tick=False):
        login(client, "conseil@example.fr")
        page = client.get(f"/campagnes/{ids[1]}").get_data(as_text=True)
        exported = client.get(f"/campagnes/{ids[1]}/export/reponses.csv")
        respondents = client.get(f"/campagnes/{ids[1]}/repondants").get_data(as_text=True)
        report = client.get(f"/campagnes/{ids[1]}/rapport.pdf")
        follow_up = client.get(f"/campagnes/{ids[1]}/participants").get_data(as_text=True)
        quality = client.get("/admin/qualite").get_data(as_text=True)
    statement = "Réponses individuelles supprimées le 11/01/2029"
    assert statement in page and "Adresses supprimées le" in page
    assert "les résultats agrégés sont conservés" in page
    assert exported.status_code == 200 and statement in exported.get_data(as_text=True)
    assert statement in respondents
    assert report.status_code == 200 and report.data.startswith(b"%PDF")
    assert "Adresses supprimées le 11/04/2027" in follow_up and ADDRESS not in follow_up
    assert "Les réponses individuelles de 2 campagnes ont été supprimées" in quality

    with time_machine.travel(late + timedelta(days=1), tick=False):
        again = runner.invoke(args=["data", "purge"])
    assert "rien n'a été supprimé" in again.output


@pytest.mark.parametrize("backend", QUEUES)
def test_the_nightly_job_runs_on_the_queue(app: Flask, backend: str) -> None:
    campaign_id = make_campaign(app, "purge-file")
    add_people(app, campaign_id, ADDRESS)
    _set_status(app, campaign_id, "closed", CLOSED)
    with app_on_queue(app, backend) as on_queue:
        _run_nightly(on_queue, add_months(CLOSED, 3) + timedelta(days=1))
    assert _counts(app, campaign_id)["participants"] == 0


def test_open_campaigns_are_never_purged_and_reopening_resets_the_clock(app: Flask) -> None:
    open_id = make_campaign(app, "toujours-ouverte")
    reopened_id = make_campaign(app, "rouverte", organisation="Pays de Retz")
    add_people(app, open_id, ADDRESS)
    add_people(app, reopened_id, ADDRESS)
    with app.app_context():
        session = db_session()
        reopened = session.get(Campaign, reopened_id)
        with time_machine.travel(CLOSED, tick=False):
            core.close(reopened)
        with time_machine.travel(add_months(CLOSED, 2), tick=False):
            core.reopen(reopened, today=add_months(CLOSED, 2).date())
        with time_machine.travel(add_months(CLOSED, 2) + timedelta(hours=1), tick=False):
            core.close(reopened)
        session.commit()
        assert reopened.closed_at == add_months(CLOSED, 2) + timedelta(hours=1)

    _run_nightly(app, add_months(CLOSED, 3) + timedelta(days=1))
    assert _counts(app, reopened_id)["participants"] == 1
    _run_nightly(app, add_months(CLOSED, 5) + timedelta(days=1))
    assert _counts(app, reopened_id)["participants"] == 0
    _run_nightly(app, add_months(CLOSED, 60))
    assert _counts(app, open_id)["participants"] == 1


def test_bodies_of_delivered_messages_are_emptied_after_thirty_days(app: Flask) -> None:
    with app.app_context():
        session = db_session()
        mail = outbox.queue_mail(
            session,
            to="marie@example.fr",
            subject="Définir votre mot de passe",
            text="Votre lien : https://x/mot-de-passe/secret",
            sender_name="CoopAssess",
            idempotency_key="account:1",
        )
        mail.status, mail.sent_at = "sent", CLOSED
        session.commit()
        mail_id = mail.id
    _run_nightly(app, CLOSED + timedelta(days=29))
    with app.app_context():
        assert "secret" in db_session().get(OutgoingMail, mail_id).text_body
    _run_nightly(app, CLOSED + timedelta(days=31))
    with app.app_context():
        kept = db_session().get(OutgoingMail, mail_id)
        assert kept.text_body == "" and kept.html_body is None and kept.status == "sent"


def test_a_campaign_left_open_past_its_closing_day_counts_from_that_day(app: Flask) -> None:
    campaign_id = make_campaign(app, "restee-ouverte", closes_on=CLOSED.date())
    add_people(app, campaign_id, ADDRESS)
    _run_nightly(app, add_months(CLOSED, 3))
    assert _counts(app, campaign_id)["participants"] == 1
    _run_nightly(app, add_months(CLOSED, 3) + timedelta(days=1))
    assert _counts(app, campaign_id)["participants"] == 0
    with app.app_context():
        campaign = db_session().get(Campaign, campaign_id)
        assert campaign.status == "closed"
        assert campaign.closed_at == datetime(2027, 1, 10, 23, 0, tzinfo=UTC)  # midnight, Paris


def test_security_logs_go_after_six_months(app: Flask, runner: FlaskCliRunner) -> None:
    """Sign-in attempts are deleted and the audit entries' IP addresses emptied after 180 days;
    the entries themselves stay. The command says so, and changes nothing in a dry run."""
    with app.app_context():
        session = db_session()
        for days_ago in (200, 10):
            moment = CLOSED - timedelta(days=days_ago)
            session.add(
                LoginAttempt(email="marie@example.fr", address="a" * 64, at=moment, success=False)
            )
            session.add(AuditEvent(action="login", at=moment, address="b" * 64, detail={}))
        session.commit()
    with time_machine.travel(CLOSED, tick=False):
        simulated = runner.invoke(args=["data", "purge", "--dry-run"])
    assert "1 tentative(s) de connexion seraient supprimées" in simulated.output, simulated.output
    assert "1 adresse(s) IP du journal des actions seraient effacées" in simulated.output
    _run_nightly(app, CLOSED)
    with app.app_context():
        session = db_session()
        attempts = session.scalars(select(LoginAttempt.at)).all()
        events = session.execute(select(AuditEvent.at, AuditEvent.address)).all()
    assert len(attempts) == 1
    assert sorted((address is None) for _, address in events) == [False, True]
    assert len(events) == 2
