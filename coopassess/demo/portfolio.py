"""A consultant-sized demo portfolio (``coopassess demo --size large``): a thousand fictitious
organisations, three campaigns each (T0 and T1 closed, T2 open, a year apart, maturity rising
a little), 5 to 30 submitted respondents per campaign. Seeded, so every run builds the same
answers (dates follow today); written in bulk (one statement per batch of rows, never one per
answer)."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import bindparam, insert, select, text
from sqlalchemy.orm import Session

from coopassess.campaigns.summaries import refresh
from coopassess.demo.responses import DemoOrganisation, demo_response
from coopassess.instrument.registry import InstrumentRegistry
from coopassess.instrument.schema import Instrument
from coopassess.models import Answer, Campaign, Organisation, Response
from coopassess.organisations.fields import REGIONS as ALL_REGIONS

LARGE_MARK = "(démo)"  # every generated organisation's name ends with it
CAMPAIGNS_PER_ORGANISATION = 3
# Metropolitan regions only: the demo portfolio has no overseas organisation.
REGIONS = ALL_REGIONS[:13]
TERRITORY_KINDS = (
    ("Commune", "Ville de"),
    ("Intercommunalité (EPCI)", "Communauté de communes de"),
    ("Intercommunalité (EPCI)", "Agglomération de"),
    ("Syndicat / établissement public", "Syndicat mixte de"),
    ("Département", "Département de"),
)
FIRM_KINDS = (
    ("Entreprise – TPE (< 10 salariés)", "Atelier"),
    ("Entreprise – PME (10–249)", "Société"),
    ("Entreprise – ETI / grande entreprise (≥ 250)", "Groupe"),
)
TERRITORY_STRUCTURES = (
    "Commune",
    "Intercommunalité (EPCI)",
    "Entreprise – PME (10–249)",
    "Association / structure de l'ESS",
    "Chambre consulaire / cluster / réseau",
)
FIRM_STRUCTURES = ("Entreprise – PME (10–249)", "Entreprise – ETI / grande entreprise (≥ 250)")
DEMARCHES = (
    "Réemploi des matériaux du BTP",
    "Pacte local pour l'économie circulaire",
    "Écologie industrielle territoriale",
    "Achats circulaires",
    "Réduction des biodéchets",
    "Filière de réparation locale",
)
SYLLABLES = ("Beau", "Mont", "Roche", "Val", "Fon", "Ville", "Pré", "Bois", "Saint", "Lac")
ENDINGS = ("-sur-Loire", "-les-Forges", "-en-Vallée", "-le-Haut", "-la-Rivière", "-d'Aval", "")


def portfolio(count: int, seed: int = 2026) -> Iterator[DemoOrganisation]:
    """``count`` organisations, two thirds territoires, with unique names."""
    rng = random.Random(seed)
    names: set[str] = set()
    for number in range(count):
        territoire = number % 3 != 2
        structure, prefix = rng.choice(TERRITORY_KINDS if territoire else FIRM_KINDS)
        name = _unique_name(rng, prefix, names)
        modules = ["COOP"] + [m for m in ("ACH", "TER", "VAL") if rng.random() < 0.6]
        if not territoire and "TER" in modules:
            modules.remove("TER")
        yield DemoOrganisation(
            name=name,
            kind="territoire" if territoire else "entreprise",
            structure_type=structure,
            region=rng.choice(REGIONS),
            demarche=rng.choice(DEMARCHES),
            slug=f"demo-large-{number:04d}",
            modules=tuple(modules),
            maturity=rng.uniform(1.8, 4.2),
            respondents=rng.randint(5, 30),
            structures=TERRITORY_STRUCTURES if territoire else FIRM_STRUCTURES,
        )


def _unique_name(rng: random.Random, prefix: str, taken: set[str]) -> str:
    while True:
        place = "".join(rng.sample(SYLLABLES, 2)).capitalize() + rng.choice(ENDINGS)
        name = f"{prefix} {place} {LARGE_MARK}"
        if name not in taken:
            taken.add(name)
            return name


# Longest a bulk-load transaction runs before it commits (SQLite: other writers wait for it).
CHUNK_SECONDS = 0.5
# Pause after each chunk on SQLite, longer than a waiting writer's longest poll interval.
YIELD_SECONDS = 0.15
# Campaign summaries computed per transaction after the load.
SUMMARY_BATCH = 20

# Core insert with plain parameters: the ORM's per-row bookkeeping would double the load time.
_ANSWERS_INSERT = insert(Answer.__table__).values(
    response_id=bindparam("response_id"),
    item_key=bindparam("item_key"),
    value=bindparam("value"),
    updated_at=bindparam("at", type_=Answer.__table__.c.updated_at.type),
)


def already_loaded(session: Session) -> bool:
    return (
        session.scalar(select(Organisation.id).where(Organisation.name.endswith(LARGE_MARK)))
        is not None
    )


def load_portfolio(
    session: Session, instruments: InstrumentRegistry, count: int = 1000, seed: int = 2026
) -> tuple[int, int]:
    """Write the portfolio and compute the stored summaries; returns (organisations, submitted
    responses).

    Committed in chunks of at most ``CHUNK_SECONDS``: on SQLite a transaction holds the write
    lock, and the live app's writers wait for it only their busy timeout (5 s)."""
    responses = 0
    today = date.today()
    instrument = instruments.current()
    chunk_started = time.monotonic()
    for org in portfolio(count, seed):
        responses += _load_organisation(session, instrument, org, today)
        if time.monotonic() - chunk_started >= CHUNK_SECONDS:
            _commit_chunk(session)
            chunk_started = time.monotonic()
    _commit_chunk(session)
    engine = session.get_bind()
    if engine.dialect.name == "postgresql":
        # After a bulk load: planner statistics, and the visibility map that lets the
        # results-key scan stay index-only. VACUUM runs outside a transaction.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    ids = session.scalars(
        select(Campaign.id).where(Campaign.slug.startswith("demo-large-")).order_by(Campaign.id)
    ).all()
    session.commit()
    for start in range(0, len(ids), SUMMARY_BATCH):
        refresh(session, instruments, Campaign.id.in_(ids[start : start + SUMMARY_BATCH]))
        _commit_chunk(session)
    return count, responses


def _commit_chunk(session: Session) -> None:
    """Commit, then on SQLite leave the write lock free for a moment: a waiting writer polls
    for it at most every 100 ms and would otherwise miss the instant between two chunks, again
    and again until its busy timeout (5 s) ran out."""
    session.commit()
    if session.get_bind().dialect.name == "sqlite":
        time.sleep(YIELD_SECONDS)


def _load_organisation(
    session: Session, instrument: Instrument, org: DemoOrganisation, today: date
) -> int:
    organisation = Organisation(
        name=org.name, kind=org.kind, structure_type=org.structure_type, region=org.region
    )
    session.add(organisation)
    rng = random.Random(org.slug)
    written = 0
    last = CAMPAIGNS_PER_ORGANISATION - 1
    for wave in range(CAMPAIGNS_PER_ORGANISATION):
        # A year between waves; the latest campaign is still open, answered in recent weeks.
        answered_on = today - timedelta(days=365 * (last - wave) + rng.randint(3, 40))
        campaign = Campaign(
            organisation=organisation,
            demarche=f"{org.demarche} {answered_on.year}",
            target=org.kind,
            modules=list(org.modules),
            instrument_version=instrument.version,
            status="closed" if wave < last else "open",
            opens_on=answered_on - timedelta(days=45),
            closes_on=answered_on + timedelta(days=5)
            if wave < last
            else today + timedelta(days=30),
            slug=f"{org.slug}-t{wave}",
        )
        if wave < last:
            closed_on = campaign.closes_on + timedelta(days=1)
            campaign.closed_at = datetime(*closed_on.timetuple()[:3], tzinfo=UTC)
        session.add(campaign)
        session.flush()
        wave_org = replace(
            org,
            slug=f"{org.slug}-t{wave}",
            maturity=min(4.6, org.maturity + wave * rng.uniform(0.0, 0.35)),
            respondents=max(5, min(30, org.respondents + rng.randint(-4, 4))),
        )
        written += _load_responses(session, instrument, campaign, wave_org, answered_on, rng)
    return written


def _load_responses(
    session: Session,
    instrument: Instrument,
    campaign: Campaign,
    org: DemoOrganisation,
    answered_on: date,
    rng: random.Random,
) -> int:
    submitted_at = datetime(answered_on.year, answered_on.month, answered_on.day, 12, tzinfo=UTC)
    drawn = [demo_response(instrument, org, index, rng) for index in range(org.respondents)]
    ids = session.scalars(
        insert(Response).returning(Response.id, sort_by_parameter_order=True),
        [
            {
                "campaign_id": campaign.id,
                "status": "submitted",
                "instrument_version": instrument.version,
                "instrument_hash": instrument.content_hash,
                "profile": profile,
                "started_at": submitted_at - timedelta(days=rng.randint(1, 30)),
                "updated_at": submitted_at,
                "submitted_at": submitted_at,
            }
            for profile, _ in drawn
        ],
    ).all()
    rows = [
        {"response_id": response_id, "item_key": key, "value": str(value), "at": submitted_at}
        for response_id, (_, answers) in zip(ids, drawn, strict=True)
        for key, value in answers.items()
    ]
    session.connection().execute(_ANSWERS_INSERT, rows)
    return len(ids)
