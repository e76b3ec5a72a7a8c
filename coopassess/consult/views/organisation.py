"""An organisation's pages: its campaigns over time (T0, T1…) and their evolution, and its
« référence » against its peer group (``coopassess.consult.reference``).

Open to admins, the consultants assigned to the organisation and its referent
(``require_organisation``). The référence shows only the group's size, median and quartiles,
from 10 organisations, never the mean (with the counts of two overlapping groups, their means
would give away the organisations between them) nor min/max: it reveals nothing of any other
organisation, so the referent sees it too."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, render_template, request
from flask import Response as FlaskResponse

from coopassess.auth.permissions import login_required, organisation_or_404
from coopassess.campaigns.results import campaign_results
from coopassess.charts import MAX_SERIES, overlay_radar
from coopassess.consult import reference as benchmarks
from coopassess.consult.comparison import Column, blocks, common_radars, value_lines
from coopassess.consult.reference import PeerFilters, PeerGroup, Wave
from coopassess.db import db_session
from coopassess.followup.evolution import evolution_followup
from coopassess.instrument.schema import Questionnaire
from coopassess.models import Organisation
from coopassess.registry import registry
from coopassess.scoring.compare import BenchmarkStats, quartile_position
from coopassess.scoring.results import Results
from coopassess.web.responses import chart_response, comparison_pdf, overlay_radar_response

blueprint = Blueprint("organisation", __name__)

# Where the organisation stands, in words an élu reads (with the group's size).
POSITIONS = {
    "below": "dans le quart inférieur des {n} organisations comparables",
    "between": "dans la moitié centrale des {n} organisations comparables",
    "above": "dans le quart supérieur des {n} organisations comparables",
}


@dataclass(frozen=True, slots=True)
class ReferenceLine:
    label: str
    index: bool
    score: float | None
    stats: BenchmarkStats | None
    position: str | None


@dataclass(frozen=True, slots=True)
class ReferenceBlock:
    title: str
    lines: tuple[ReferenceLine, ...]


def _series(organisation: Organisation) -> tuple[list[Wave], list[Wave]]:
    """The timeline, and the campaigns of the evolution (measured, comparable, at most 6;
    empty unless there are two)."""
    waves = benchmarks.timeline(db_session(), registry(), organisation)
    series = benchmarks.evolution(waves, MAX_SERIES)
    return waves, series if len(series) >= 2 else []


def _wave_label(wave: Wave) -> str:
    return f"{wave.label} — {benchmarks.campaign_date(wave.campaign):%m/%Y}"


def _labelled(series: list[Wave]) -> list[tuple[str, Results]]:
    session = db_session()
    return [
        (_wave_label(wave), campaign_results(session, registry(), wave.campaign)) for wave in series
    ]


def _minimum() -> int:
    """The number of respondents the pages' sentences quote (the rule itself is
    ``Results.reportable``)."""
    return registry().current().parameters.min_respondents_aggregate


@blueprint.get("/<int:organisation_id>")
@login_required
def page(organisation_id: int) -> str:
    organisation = organisation_or_404(organisation_id)
    waves, series = _series(organisation)
    context: dict[str, object] = {}
    if series:
        labelled = _labelled(series)
        inst = registry().get(series[0].campaign.instrument_version)
        periods = benchmarks.submission_periods(db_session(), [w.campaign.id for w in series])
        context = {
            "columns": [
                Column(
                    wave.label,
                    benchmarks.answering_period(
                        periods.get(wave.campaign.id), benchmarks.campaign_date(wave.campaign)
                    ),
                    f"campagne « {wave.campaign.demarche} »",
                )
                for wave in series
            ],
            "blocks": blocks(inst, [results for _, results in labelled]),
            "values": value_lines(inst, [results for _, results in labelled]),
            "radars": common_radars([results for _, results in labelled]),
            "threshold": inst.parameters.notable_change_points,
            "followup": evolution_followup(
                db_session(),
                registry(),
                [wave.campaign for wave in series],
                [wave.label for wave in series],
                [results for _, results in labelled],
            ),
            "questionnaire_titles": {qid: q.title.fr for qid, q in inst.questionnaires.items()},
        }
    latest = series[-1].campaign if series else None
    return render_template(
        "consult/organisation.html",
        organisation=organisation,
        waves=waves,
        series=series,
        in_series={wave.campaign.id for wave in series},
        max_series=MAX_SERIES,
        latest=latest,
        levels={level.code: level.name.fr for level in registry().current().levels},
        minimum=_minimum(),
        campaign_date=benchmarks.campaign_date,
        **context,
    )


@blueprint.get("/<int:organisation_id>/evolution-<questionnaire>.<any(svg, png):fmt>")
@login_required
def evolution_radar(organisation_id: int, questionnaire: str, fmt: str) -> FlaskResponse:
    _, series = _series(organisation_or_404(organisation_id))
    if not series:
        abort(404)
    return overlay_radar_response(series[0].campaign, _labelled(series), questionnaire, fmt)


@blueprint.get("/<int:organisation_id>/evolution.pdf")
@login_required
def evolution_report(organisation_id: int) -> FlaskResponse:
    organisation = organisation_or_404(organisation_id)
    _, series = _series(organisation)
    if not series:
        abort(404)
    campaigns = [wave.campaign for wave in series]
    codes = [wave.label for wave in series]
    results = [results for _, results in _labelled(series)]
    followup = evolution_followup(db_session(), registry(), campaigns, codes, results)
    return comparison_pdf(campaigns, "evolution-{}.pdf", codes, organisation.name, followup)


@dataclass(frozen=True, slots=True)
class Reference:
    """The organisation's latest measured campaign against its (filtered) peer group."""

    wave: Wave
    filters: PeerFilters
    structure_types: list[str]
    regions: list[str]
    group: PeerGroup

    @property
    def blocks(self) -> list[ReferenceBlock]:
        if not self.group.shown or self.wave.summary is None:
            return []
        inst = registry().get(self.wave.campaign.instrument_version)
        stored = self.wave.summary.scores
        return [
            ReferenceBlock(
                inst.questionnaires[qid].title.fr,
                tuple(self._lines(inst.questionnaires[qid], stored[qid])),
            )
            for qid in inst.questionnaires
            if qid in stored
        ]

    def _lines(
        self, questionnaire: Questionnaire, scores: dict[str, float | None]
    ) -> list[ReferenceLine]:
        labelled = [(d.id, d.label.fr, False) for d in questionnaire.dimensions]
        if questionnaire.index is not None:
            code = questionnaire.index.code
            labelled.insert(0, (code, f"{questionnaire.index.label.fr} ({code})", True))
        lines = []
        for code, label, index in labelled:
            if code in scores:
                stats = self.group.stats.get(code)
                position = quartile_position(scores[code], stats)
                lines.append(
                    ReferenceLine(
                        label,
                        index,
                        scores[code],
                        stats,
                        POSITIONS[position].format(n=self.group.n) if position else None,
                    )
                )
        return lines


def _reference(organisation: Organisation) -> Reference | None:
    """None when the organisation has no measured campaign yet."""
    session = db_session()
    timeline = benchmarks.timeline(session, registry(), organisation)
    measured = [wave for wave in timeline if wave.measured]
    if not measured:
        return None
    wave = measured[-1]
    structure_types, regions = benchmarks.peer_choices(session, wave.campaign)
    structure = request.args.get("structure", "")
    region = request.args.get("region", "")
    filters = PeerFilters(
        structure_type=structure if structure in structure_types else "",
        region=region if region in regions else "",
    )
    group = benchmarks.peer_group(session, registry(), wave.campaign, filters)
    return Reference(wave, filters, structure_types, regions, group)


@blueprint.get("/<int:organisation_id>/reference")
@login_required
def reference(organisation_id: int) -> str:
    organisation = organisation_or_404(organisation_id)
    return render_template(
        "consult/reference.html",
        organisation=organisation,
        reference=_reference(organisation),
        minimum=_minimum(),
        campaign_date=benchmarks.campaign_date,
    )


@blueprint.get("/<int:organisation_id>/reference/radar.<any(svg, png):fmt>")
@login_required
def reference_radar(organisation_id: int, fmt: str) -> FlaskResponse:
    """The organisation's COOP radar with the group's median as « Référence »."""
    organisation = organisation_or_404(organisation_id)
    found = _reference(organisation)
    if found is None or not found.group.shown:
        abort(404)
    campaign = found.wave.campaign
    results = campaign_results(db_session(), registry(), campaign)
    medians = {code: stats.median if stats else None for code, stats in found.group.stats.items()}
    data = overlay_radar(
        [(f"{organisation.name} — {found.wave.label}", results)],
        registry().get(campaign.instrument_version),
        "COOP",
        benchmark=medians,
    )
    download = f"reference-{organisation_id}.png" if fmt == "png" else None
    return chart_response(data, fmt, download_name=download)
