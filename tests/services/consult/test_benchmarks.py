"""An organisation over time and against its peers (coopassess.consult.reference), and the
pure pieces of scoring-model §8 they use: steps T(n-1) → Tn and the position against the
quartiles."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import event

from coopassess.consult import reference as benchmarks
from coopassess.consult.reference import PeerFilters
from coopassess.db import database, db_session
from coopassess.demo.responses import DemoOrganisation
from coopassess.models import Campaign, Organisation
from coopassess.registry import registry
from coopassess.scoring.compare import (
    BenchmarkStats,
    DimensionDelta,
    quartile_position,
    step_changes,
)
from tests.fixtures.portfolio import add_responses, organisation_with_campaigns


def test_step_changes_between_consecutive_results():
    row = DimensionDelta(
        "COOP", "COOP.LEA", (40.0, 52.5, 50.0, None), (5, 2, 4, 4), (None, 12.5, 10.0, None), ()
    )
    assert step_changes(row) == (
        (None, False),
        (12.5, False),  # |Δ| ≥ 10 but only 2 respondents at T1
        (-2.5, False),
        (None, False),
    )
    assert step_changes(row, threshold=2.0)[2] == (-2.5, False)  # n = 2 still rules it out
    row = DimensionDelta("COOP", "IMC", (40.0, 50.0, 39.9), (3, 3, 3), (None, 10.0, -0.1), ())
    assert step_changes(row) == ((None, False), (10.0, True), (-10.1, True))


@pytest.mark.parametrize(
    ("score", "position"),
    [(39.9, "below"), (40.0, "between"), (55.0, "between"), (70.0, "between"), (70.1, "above")],
)
def test_quartile_position(score: float, position: str):
    stats = BenchmarkStats(n=10, mean=55.0, median=55.0, q1=40.0, q3=70.0)
    assert quartile_position(score, stats) == position
    assert quartile_position(None, stats) is None
    assert quartile_position(score, None) is None


def _latest_campaign(app: Flask, organisation_id: int) -> Campaign:
    waves = benchmarks.timeline(
        db_session(), registry(), db_session().get(Organisation, organisation_id)
    )
    return [wave for wave in waves if wave.measured][-1].campaign


def _peers(app: Flask, count: int, start: int = 0, **kwargs: object) -> None:
    for number in range(start, start + count):
        organisation_with_campaigns(app, f"Pair {number:02d}", (3,), **kwargs)


def test_group_of_ten_others_shows_statistics_nine_do_not(app: Flask) -> None:
    own, _ = organisation_with_campaigns(app, "Ville étudiée", (4,), maturity=4.5)
    _peers(app, 9, maturity=2.0)
    organisation_with_campaigns(app, "Firme", (3,), kind="entreprise")  # another target
    with app.app_context():
        campaign = _latest_campaign(app, own)
        group = benchmarks.peer_group(db_session(), registry(), campaign, PeerFilters())
        assert (group.n, group.shown, group.stats) == (9, False, {})
    _peers(app, 1, start=9, maturity=2.0)  # a new peer: the cached group is not reused
    with app.app_context():
        campaign = _latest_campaign(app, own)
        group = benchmarks.peer_group(db_session(), registry(), campaign, PeerFilters())
        assert group.n == 10 and group.shown
        imc = group.stats["IMC"]
        assert imc is not None and imc.n == 10
        # The organisation (much more mature) is not in its own group.
        assert (
            imc.q3 < benchmarks.summaries(db_session(), registry(), [campaign.id])[campaign.id].imc
        )
        assert set(group.stats) >= {"IMC", "COOP.LEA", "COOP.VIT"}


def test_latest_measured_campaign_of_each_peer_counts_once(app: Flask) -> None:
    own, _ = organisation_with_campaigns(app, "Ville étudiée", (4,))
    # Each peer: a measured T0 at maturity 1, then a measured T1 at maturity 4.6: only T1
    # counts. A last campaign below the minimum does not hide the measured one before it.
    for number in range(10):
        _, ids = organisation_with_campaigns(app, f"Pair {number:02d}", (3, 3, 2), maturity=1.0)
        with app.app_context():
            session = db_session()
            t1 = session.get(Campaign, ids[1])
            spec = DemoOrganisation(
                name="x",
                kind="territoire",
                structure_type="Commune",
                region="Bretagne",
                demarche="x",
                slug=t1.slug + "-haut",
                modules=("COOP",),
                maturity=4.6,
                respondents=6,
                structures=("Commune",),
            )
            add_responses(session, t1, spec, 6)  # T1 now mostly very mature answers
            session.commit()
    with app.app_context():
        campaign = _latest_campaign(app, own)
        group = benchmarks.peer_group(db_session(), registry(), campaign, PeerFilters())
        assert group.n == 10
        t1_scores = benchmarks.summaries(db_session(), registry(), [ids[1]])[ids[1]].imc
        t0_scores = benchmarks.summaries(db_session(), registry(), [ids[0]])[ids[0]].imc
        assert t0_scores < t1_scores
        assert abs(group.stats["IMC"].median - t1_scores) < abs(
            group.stats["IMC"].median - t0_scores
        )


def test_filters_narrow_the_group(app: Flask) -> None:
    own, _ = organisation_with_campaigns(app, "Ville étudiée", (4,))
    _peers(app, 9, region="Bretagne", structure_type="Commune")
    _peers(app, 2, start=9, region="Occitanie", structure_type="EPCI")
    with app.app_context():
        session = db_session()
        campaign = _latest_campaign(app, own)
        assert benchmarks.peer_group(session, registry(), campaign, PeerFilters()).shown
        for filters in (PeerFilters(region="Bretagne"), PeerFilters(structure_type="Commune")):
            group = benchmarks.peer_group(session, registry(), campaign, filters)
            assert (group.n, group.shown, group.stats) == (9, False, {})
        assert (
            benchmarks.peer_group(session, registry(), campaign, PeerFilters(region="Occitanie")).n
            == 2
        )
        assert benchmarks.peer_choices(session, campaign) == (
            ["Commune", "EPCI"],
            ["Bretagne", "Occitanie"],
        )


def test_peer_group_reads_a_constant_number_of_queries(app: Flask) -> None:
    own, _ = organisation_with_campaigns(app, "Ville étudiée", (4,))
    _peers(app, 12)
    with app.app_context():
        campaign = _latest_campaign(app, own)
        benchmarks.peer_group(
            db_session(), registry(), campaign, PeerFilters(region="Bretagne")
        )  # warm
        statements: list[str] = []
        engine = database().engine
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            benchmarks.peer_group(db_session(), registry(), campaign, PeerFilters())
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        assert len(statements) == 3, statements  # stale rows, summaries key, the group


def test_timeline_and_evolution_keep_comparable_measured_campaigns(app: Flask) -> None:
    organisation_id, ids = organisation_with_campaigns(app, "Ville", (4, 2, 3, 3))
    with app.app_context():
        session = db_session()
        session.get(Campaign, ids[0]).target = "entreprise"  # not comparable with the others
        session.commit()
        waves = benchmarks.timeline(session, registry(), session.get(Organisation, organisation_id))
        assert [wave.label for wave in waves] == ["T0", "T1", "T2", "T3"]
        assert [wave.campaign.id for wave in waves] == ids
        assert [wave.measured for wave in waves] == [True, False, True, True]
        assert [w.campaign.id for w in benchmarks.evolution(waves, 6)] == ids[2:]
        assert [w.campaign.id for w in benchmarks.evolution(waves, 1)] == ids[3:]
