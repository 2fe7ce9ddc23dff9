"""Automatic ledger lines: the rubric's deduction rules over the other apps' facts.

Facts are read in bulk, once per campaign, through each app's ``facts.py`` (never its models):
supervision (findings, overdue orders, cases, failed samples, confirmed vetoes), complaints
(substantiated complaints) and monitoring (confirmed hits, monitored time, licence-display
checks). Each fact counts for
the enrolment of its kind (``counts_for(kind)``: a fact of no kind counts for both of an
operator's enrolments) and against its requirement area.

Criteria scored by an input (panel, association, ratings, survey, invited) start from the
rubric's default when no such input exists; criteria of no input start at their default (their
full points unless the rubric says otherwise), and the deductions come off.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from fangxin.complaints import facts as complaint_facts
from fangxin.core.facts import Ref, Window
from fangxin.monitoring import facts as monitoring_facts
from fangxin.programme.facts import EnrolmentFact
from fangxin.ratings import facts as rating_facts
from fangxin.supervision import facts as supervision_facts
from fangxin.supervision.attribution import DEFAULT_AREA

from . import rubric as rubric_data
from .engine import VETO

CENT = Decimal("0.01")
# The sources that give a criterion its starting score, by the rubric's ``input``.
INPUT_SOURCES = {
    "panel": "panel",
    "association": "association",
    "ratings": "ratings",
    "survey": "survey",
    "invited": "invited",
}


@dataclass(frozen=True)
class Line:
    dimension: str
    criterion: str
    points: Decimal
    source: str  # LedgerEntry.Source
    ref: Ref | None = None
    detail: Mapping = field(default_factory=dict)


@dataclass(frozen=True)
class Facts:
    """Every fact the rules read, for the operators of one campaign over its window."""

    findings: Mapping[int, tuple]
    orders: Mapping[int, tuple]
    cases: Mapping[int, tuple]
    samples: Mapping[int, tuple]
    vetoes: Mapping[int, tuple]
    complaints: Mapping[int, tuple]
    hits: Mapping[int, tuple]
    monitored: Mapping[int, object]
    ratings: Mapping[int, object] = field(default_factory=dict)
    surveys: Mapping[int, object] = field(default_factory=dict)
    invited: Mapping[int, tuple] = field(default_factory=dict)
    licence_checks: Mapping[int, tuple] = field(default_factory=dict)

    @classmethod
    def read(cls, operator_ids: Iterable[int], window: Window, campaign_id: int) -> Facts:
        ids = list(operator_ids)
        return cls(
            # Ratings and surveys belong to the campaign they were given in, whenever given.
            ratings=rating_facts.rating_summaries(ids, campaign_id),
            surveys=rating_facts.survey_summaries(ids, campaign_id),
            invited=rating_facts.invited_scores(ids, campaign_id),
            findings=supervision_facts.findings(ids, window),
            orders=supervision_facts.orders(ids, window),
            cases=supervision_facts.cases(ids, window),
            samples=supervision_facts.samples(ids, window),
            vetoes=supervision_facts.confirmed_vetoes(ids, window),
            complaints=complaint_facts.substantiated_complaints(ids, window),
            hits=monitoring_facts.confirmed_hits(ids, window),
            monitored=monitoring_facts.monitored_time(ids, window),
            licence_checks=monitoring_facts.licence_checks(ids, window, failed_only=True),
        )


def lines_for(
    rubric: rubric_data.Rubric,
    enrolment: EnrolmentFact,
    facts: Facts,
    *,
    inputs: frozenset[tuple[str, str]] = frozenset(),
) -> list[Line]:
    """The automatic lines of one enrolment. ``inputs``: the (dimension, criterion) pairs that
    already have an input entry (a panel score …), which take the place of the default."""
    operator, kind = enrolment.operator_id, enrolment.kind
    lines = [
        _starting_line(dimension.code, criterion, enrolment, facts)
        for dimension in rubric.dimensions
        for criterion in dimension.criteria
        if (dimension.code, criterion.code) not in inputs
    ]
    for rule in rubric.deductions:
        lines.extend(_apply(rubric, rule, operator, kind, facts))
    for veto in facts.vetoes.get(operator, ()):
        if veto.counts_for(kind):
            lines.append(Line("", "", Decimal(0), VETO, veto.ref, {"veto_kind": veto.veto_kind}))
    return lines


def _starting_line(dimension: str, criterion, enrolment: EnrolmentFact, facts: Facts) -> Line:
    """The criterion's starting score: from the ratings app's facts when enough exist (mean
    stars ÷ 5, mean survey answer ÷ 5, mean invited score ÷ 100, of the criterion's points),
    else the rubric's default, saying how many there were."""
    operator = enrolment.operator_id
    count, mean, scale, ref = 0, None, None, None
    if criterion.input == "ratings":
        summary = facts.ratings.get(operator)
        if summary is not None and summary.counts_for(enrolment.kind):
            count, mean, scale, ref = summary.count, summary.mean, Decimal(5), summary.ref
    elif criterion.input == "survey":
        summary = facts.surveys.get(operator)
        if summary is not None and summary.counts_for(enrolment.kind):
            count, mean, scale, ref = summary.count, summary.mean, Decimal(5), summary.ref
    elif criterion.input == "invited":
        scores = [f.score for f in facts.invited.get(operator, ()) if f.enrolment == enrolment.ref]
        count = len(scores)
        mean = Decimal(sum(scores)) / count if count else None
        scale = Decimal(100)
    enough = mean is not None and count >= max(criterion.minimum, 1)
    if criterion.input in {"ratings", "survey", "invited"} and enough:
        points = (criterion.points * Decimal(mean) / scale).quantize(CENT, ROUND_HALF_UP)
        return Line(
            dimension,
            criterion.code,
            min(points, criterion.points),
            criterion.input,
            ref if criterion.input != "invited" else None,
            {"count": count, "mean": str(Decimal(mean).quantize(CENT, ROUND_HALF_UP))},
        )
    detail = {"input": criterion.input}
    if criterion.input in {"ratings", "survey", "invited"}:
        detail.update(count=count, minimum=criterion.minimum)
    return Line(dimension, criterion.code, criterion.default, "default", detail=detail)


def _criterion(rule: rubric_data.Rule, area: str | None) -> str:
    if rule.criterion == rubric_data.FACT_AREA:
        return area or DEFAULT_AREA
    return rule.criterion


def _points(rubric: rubric_data.Rubric, rule: rubric_data.Rule, criterion: str) -> Decimal:
    if rule.points is not None:
        return rule.points
    found = rubric.criterion(rule.dimension, criterion)
    return found.points if found else Decimal(0)


def _apply(rubric, rule, operator: int, kind: str, facts: Facts) -> list[Line]:
    def line(fact, points: Decimal, source: str, **detail) -> Line:
        criterion = _criterion(rule, getattr(fact, "area", None))
        return Line(rule.dimension, criterion, -points, source, fact.ref, detail)

    def full(fact) -> Decimal:
        return _points(rubric, rule, _criterion(rule, getattr(fact, "area", None)))

    out = []
    if rule.fact == "finding":
        for fact in facts.findings.get(operator, ()):
            if not fact.counts_for(kind) or fact.source in rule.skip_sources:
                continue
            if rule.severity and fact.severity != rule.severity:
                continue
            out.append(line(fact, full(fact), "finding", severity=fact.severity))
    elif rule.fact == "overdue_order":
        for fact in facts.orders.get(operator, ()):
            if not (fact.overdue and fact.finding and fact.counts_for(kind)):
                continue
            points = full(fact)
            late = rule.over_working_days is not None and (
                fact.overdue_working_days > rule.over_working_days
            )
            if late and rule.points_over is not None:
                points = rule.points_over
            out.append(line(fact, points, "overdue_order", days=fact.overdue_working_days))
    elif rule.fact == "case":
        for fact in facts.cases.get(operator, ()):
            if fact.counts_for(kind):
                out.append(line(fact, full(fact), "case"))
    elif rule.fact == "failed_sample":
        for fact in facts.samples.get(operator, ()):
            if fact.result == "fail" and fact.counts_for(kind):
                out.append(line(fact, full(fact), "failed_sample", product=fact.product))
    elif rule.fact == "monitoring_hit":
        hits = [f for f in facts.hits.get(operator, ()) if f.counts_for(kind)]
        monitored = facts.monitored.get(operator)
        hours = Decimal(monitored.minutes if monitored else 0) / 60
        shown = str(hours.quantize(CENT, ROUND_HALF_UP))
        shares = _shares([full(f) for f in hits], max(hours, Decimal(1)), rule.per_monitored_hour)
        for fact, points in zip(hits, shares, strict=True):
            out.append(line(fact, points, "monitoring_hit", hours=shown, category=fact.category))
    elif rule.fact == "licence_check":
        for fact in facts.licence_checks.get(operator, ()):
            if not (fact.failed and fact.counts_for(kind)):
                continue
            points = full(fact)
            if fact.partial and rule.points_partial is not None:
                points = rule.points_partial
            out.append(
                line(
                    fact,
                    points,
                    "licence_check",
                    result=fact.result,
                    place=fact.place,
                    checked_on=fact.checked_on.isoformat(),
                )
            )
    elif rule.fact == "substantiated_complaint":
        for fact in facts.complaints.get(operator, ()):
            if not fact.counts_for(kind):
                continue
            points = full(fact)
            back = rule.back_when_satisfied if fact.satisfied else None
            if back:
                points -= back
            out.append(
                line(
                    fact,
                    points,
                    "substantiated_complaint",
                    satisfied=fact.satisfied,
                    back=str(back or 0),
                )
            )
    return out


def _shares(points: list[Decimal], hours: Decimal, per_hour: bool) -> list[Decimal]:
    """Each hit's part of the deduction. Per monitored hour: rate × findings ÷ max(hours, 1),
    rounded to the cent once for the whole and split so the lines add up to it exactly."""
    if not per_hour or not points:
        return points
    total = (sum(points, Decimal(0)) / hours).quantize(CENT, ROUND_HALF_UP)
    shares = [(p / hours).quantize(CENT, ROUND_DOWN) for p in points]
    shares[-1] += total - sum(shares, Decimal(0))
    return shares
