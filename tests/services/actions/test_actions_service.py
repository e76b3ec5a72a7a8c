"""The action plan service: suggestions read from one Results, actions with their status
history and ``done_at``, the plan as plain lines (both engines for the database parts)."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from sqlalchemy import select

from coopassess.actions import service as plan
from coopassess.actions.suggestions import suggestions
from coopassess.common.field_errors import FieldErrors
from coopassess.db import db_session
from coopassess.instrument.registry import default_registry
from coopassess.models import Action, ActionStatusChange, AuditEvent, Campaign, User
from coopassess.scoring.results import DimensionResult, FamilyResult, QuestionnaireResult, Results
from tests.fixtures.accounts import make_user
from tests.fixtures.campaigns import make_campaign


def _dimension(
    dimension_id: str, score: float, level: str, flags: tuple[str, ...] = ()
) -> DimensionResult:
    return DimensionResult(
        dimension_id, score, level, 5, 10.0, 90.0, 12.0, 0.5, "Consensus", 0.0, flags
    )


def _results(n_respondents: int = 5) -> Results:
    coop = QuestionnaireResult(
        "COOP",
        dimensions={
            "COOP.VIT": _dimension("COOP.VIT", 20.0, "N1", ("DESACCORD",)),
            "COOP.OUV": _dimension("COOP.OUV", 35.0, "N2"),
            "COOP.LEA": _dimension("COOP.LEA", 80.0, "N5", ("MECONNAISSANCE",)),
        },
        priorities=("COOP.VIT", "COOP.OUV"),
    )
    val = QuestionnaireResult(
        "VAL",
        families={"VAL.ENV": FamilyResult("VAL.ENV", 30.0, 80.0, 50.0, "Priorité", 5, 5)},
    )
    return Results(
        "auto-diagnostic-maturite-cooperative",
        default_registry().current().version,
        "territoire",
        n_respondents,
        {"COOP": coop, "VAL": val},
        flags=("VISION_FRAGMENTEE",),
        min_respondents=3,
    )


def test_suggestions_from_priorities_and_flags() -> None:
    instrument = default_registry().current()
    found = suggestions(_results(), instrument)
    assert [s.source for s in found] == [
        "priorite:COOP.VIT",
        "priorite:COOP.OUV",
        "priorite:VAL.ENV",
        "alerte:DESACCORD:COOP.VIT",
        "alerte:MECONNAISSANCE:COOP.LEA",
        "alerte:VISION_FRAGMENTEE",
    ]
    vit = instrument.dimensions_by_id["COOP.VIT"]
    first = found[0]
    assert first.description == vit.recommendations["N1"].fr
    assert first.title == f"Progresser sur « {vit.label.fr} »" and first.dimension == "COOP.VIT"
    assert found[3].description == instrument.flags["DESACCORD"].text.fr
    assert found[-1].dimension == plan.WHOLE
    assert found[-1].dimension_label == "La démarche dans son ensemble"
    taken = {"priorite:COOP.VIT", "alerte:VISION_FRAGMENTEE"}
    assert [s.source for s in suggestions(_results(), instrument, taken)] == [
        s.source for s in found if s.source not in taken
    ]
    # Below the minimum of respondents the results do not exist: nothing is suggested.
    assert suggestions(_results(n_respondents=2), instrument) == []


def test_dimension_choices_follow_the_campaign_modules() -> None:
    instrument = default_registry().current()
    choices = dict(plan.dimension_choices(instrument, ["COOP"]))
    assert choices[""] == "La démarche dans son ensemble"
    assert choices["COOP.VIT"].startswith("Énergie et épanouissement (")
    assert not any(key.startswith(("ACH.", "VAL.")) for key in choices)
    assert "VAL.ENV" in dict(plan.dimension_choices(instrument, ["COOP", "VAL"]))


def test_history_done_at_and_lines(app: Flask) -> None:
    campaign_id = make_campaign(app)
    author_id = make_user(app, "conseil@example.fr", "consultant")
    instrument = default_registry().current()
    with app.app_context():
        session = db_session()
        campaign = session.get(Campaign, campaign_id)
        author = session.get(User, author_id)
        late = plan.create(
            session,
            campaign,
            plan.ActionDraft(
                title="  Rendre   visible la charge ",
                dimension="COOP.VIT",
                due_on=date(2026, 1, 10),
                source="priorite:COOP.VIT",
            ),
            instrument,
            author,
        )
        whole = plan.create(
            session, campaign, plan.ActionDraft(title="Atelier", status="done"), instrument, None
        )
        session.commit()
        assert late.title == "Rendre visible la charge" and late.questionnaire == "COOP"
        assert whole.done_at is not None and whole.dimension is None
        changed = plan.update(
            session,
            campaign,
            whole,
            plan.ActionDraft(title="Atelier", status="in_progress", notes="Reporté"),
            instrument,
            author,
        )
        assert changed == ["notes", "status"] and whole.done_at is None
        assert (
            plan.update(
                session,
                campaign,
                whole,
                plan.ActionDraft(title="Atelier", status="in_progress", notes="Reporté"),
                instrument,
                author,
            )
            == []
        )
        session.commit()
        history = plan.histories(session, [late.id, whole.id])
        assert [(h.from_label, h.to_label, h.by) for h in history[whole.id]] == [
            (None, "faite", "la ligne de commande"),
            ("faite", "en cours", "conseil@example.fr"),
        ]
        lines = plan.plan_lines(session, campaign, instrument, day=date(2026, 2, 1))
        assert [(line.title, line.overdue) for line in lines] == [
            ("Rendre visible la charge", True),
            ("Atelier", False),  # no due date: last, never late
        ]
        assert lines[1].dimension_label == "La démarche dans son ensemble"
        assert plan.taken_sources(session, campaign.id) == {"priorite:COOP.VIT"}
        assert plan.dismiss(session, campaign, "alerte:DESACCORD:COOP.VIT", author)
        assert not plan.dismiss(session, campaign, "alerte:DESACCORD:COOP.VIT", author)
        assert plan.taken_sources(session, campaign.id) == {
            "priorite:COOP.VIT",
            "alerte:DESACCORD:COOP.VIT",
        }
        with pytest.raises(FieldErrors) as refused:
            plan.create(
                session,
                campaign,
                plan.ActionDraft(title="", dimension="ACH.CON", status="oups", owner="x" * 201),
                instrument,
                author,
            )
        assert [field for field, _ in refused.value.problems] == [
            "title",
            "owner",
            "dimension",
            "status",
        ]
        plan.delete(session, campaign, late, author)
        session.commit()
        assert session.scalars(select(ActionStatusChange.action_id)).all() == [whole.id] * 2
        actions = session.scalars(
            select(AuditEvent.action).where(AuditEvent.action.like("action.%"))
        ).all()
        assert sorted(actions) == [
            "action.create",
            "action.create",
            "action.delete",
            "action.update",
        ]


def test_an_action_carried_over_is_followed_in_the_later_campaign(app: Flask) -> None:
    """The original of a carried action says where it went and is never late in its own
    campaign: the copy is the one followed (as the dashboard and the digest count it)."""
    first_id, later_id = make_campaign(app, "avant"), make_campaign(app, "apres")
    with app.app_context():
        session = db_session()
        instrument = default_registry().current()
        first = session.get(Campaign, first_id)
        draft = plan.ActionDraft(title="Charte", due_on=date(2026, 1, 10), status="in_progress")
        original = plan.create(session, first, draft, instrument, None)
        session.add(
            Action(
                campaign_id=later_id,
                title="Charte",
                status="in_progress",
                due_on=date(2026, 1, 10),
                carried_from_id=original.id,
            )
        )
        session.commit()
        [line] = plan.plan_lines(session, first, instrument, day=date(2026, 2, 1))
        [copy] = plan.plan_lines(
            session, session.get(Campaign, later_id), instrument, date(2026, 2, 1)
        )
    assert (line.overdue, line.status_label) == (
        False,
        "en cours, reprise dans une campagne suivante",
    )
    assert (copy.overdue, copy.status_label) == (True, "en cours")
