"""Evaluation's use cases: the campaign's rubric, recomputing ledgers and scores, adjustments.

Every write checks its permission (``require``) and owns its transaction. Recomputation is
idempotent: it replaces an enrolment's automatic ledger entries (manual ones are kept) and its
score; for a whole campaign it runs all-or-nothing (one transaction), through
``fangxin.core.background`` so a broker can take it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from fangxin.core.background import enqueue
from fangxin.core.facts import Window
from fangxin.core.permissions import require
from fangxin.programme import facts as programme_facts
from fangxin.programme.facts import EnrolmentFact
from fangxin.programme.models import Campaign, Enrolment, PhaseCode

from . import bulk, derivation, engine, messages
from . import rubric as rubric_data
from .models import LedgerEntry, Rubric, Score, ScoringClosure

Source = LedgerEntry.Source
INPUT_SOURCES = frozenset(derivation.INPUT_SOURCES.values())


# --- the audit log of entries written by hand ------------------------------------------------

_AUDITED = ("dimension", "criterion", "points", "source", "note")


def audit(entry: LedgerEntry, user, action=LogEntry.Action.CREATE) -> None:
    """An entry written (or removed) by a person, in the audit log with who did it."""
    values = {name: str(getattr(entry, name)) for name in _AUDITED if getattr(entry, name) != ""}
    if action == LogEntry.Action.DELETE:
        changes = {name: [value, "None"] for name, value in values.items()}
    else:
        changes = {name: ["None", value] for name, value in values.items()}
    LogEntry.objects.log_create(
        entry,
        action=action,
        changes=changes,
        actor=user if getattr(user, "is_authenticated", False) else None,
    )


# --- rubrics --------------------------------------------------------------------------------


def area_codes(campaign: Campaign) -> tuple[str, ...]:
    return tuple(campaign.guide.areas.order_by("order").values_list("code", flat=True))


def current_rubric(campaign: Campaign, kind: str) -> Rubric:
    """The campaign's latest rubric of ``kind``; on first use a copy of the previous campaign's
    (when the campaign was copied from one) or of the shipped default."""
    found = Rubric.objects.filter(campaign=campaign, kind=kind).order_by("-version").first()
    if found is not None:
        return found
    with transaction.atomic():
        # No rubric row exists yet to lock: the campaign's row serialises the first copy, so two
        # recomputations starting at once (two panel members saving) copy it once.
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        found = Rubric.objects.filter(campaign=campaign, kind=kind).order_by("-version").first()
        if found is not None:
            return found
        previous = None
        if campaign.copied_from_id:
            previous = (
                Rubric.objects.filter(campaign_id=campaign.copied_from_id, kind=kind)
                .order_by("-version")
                .first()
            )
        if previous is not None:
            body, note = (
                dict(previous.body),
                _("沿用%(year)s年度细则") % {"year": previous.campaign.year},
            )
        else:
            body, note = rubric_data.to_body(rubric_data.default_text(kind)), _("默认细则")
        body["version"] = 1
        return Rubric.objects.create(campaign=campaign, kind=kind, version=1, body=body, note=note)


def parse_text(campaign: Campaign, kind: str, text: str) -> rubric_data.Rubric:
    """The rubric the text describes, for the campaign's guide and kind; a ``ValidationError``
    in words naming every problem."""
    try:
        parsed = rubric_data.load_text(text, area_codes=area_codes(campaign))
    except rubric_data.RubricError as exc:
        raise ValidationError([messages.problem(p) for p in exc.problems]) from exc
    if parsed.kind != kind:
        raise ValidationError(_("细则的类型（kind）必须是 %(kind)s。") % {"kind": kind})
    return parsed


@transaction.atomic
def save_rubric(user, campaign: Campaign, kind: str, text: str, note: str = "") -> Rubric:
    """A new version of the campaign's rubric of ``kind`` from YAML text (validated first;
    nothing is written when it is refused)."""
    require(user, "evaluation.edit_rubric", message=_("只有领导小组办公室可以修改考评细则。"))
    # Two saves at once would both take version n + 1: the campaign's row serialises them.
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    current = current_rubric(campaign, kind)
    parse_text(campaign, kind, text)
    body = rubric_data.to_body(text)
    version = current.version + 1
    body["version"] = version
    return Rubric.objects.create(
        campaign=campaign,
        kind=kind,
        version=version,
        body=body,
        note=note.strip()[:200],
        created_by=user,
    )


def window_of(campaign: Campaign, spec: rubric_data.WindowSpec) -> Window:
    """The dates a rubric's window names for the campaign (phase codes → the phases' dates)."""
    phases = {p.code: p for p in campaign.phases.all()}

    def day(value, edge: str) -> date:
        if isinstance(value, date):
            return value
        phase = phases.get(value)
        if phase is None:
            raise ValidationError(
                _("培育年度没有“%(phase)s”阶段，无法确定计分期间。") % {"phase": value}
            )
        return phase.starts_on if edge == "start" else phase.effective_end

    start, end = day(spec.start, "start"), day(spec.end, "end")
    if end < start:
        raise ValidationError(_("计分期间的结束日期早于开始日期。"))
    return Window(start, end)


# --- scoring closure ------------------------------------------------------------------------


def is_closed(campaign: Campaign) -> bool:
    return ScoringClosure.objects.filter(campaign=campaign).exists()


def _refuse_when_closed(campaign: Campaign) -> None:
    if is_closed(campaign):
        raise ValidationError(_("%(year)s年度评分已截止，得分已冻结。") % {"year": campaign.year})


@transaction.atomic
def close_scoring(user, campaign: Campaign, today: date | None = None) -> ScoringClosure:
    """The office closes scoring (the scoring deadline), inside the evaluation phase so that
    the public notice still fits in it; the scores are frozen from then."""
    require(user, "evaluation.close_scoring", message=_("只有领导小组办公室可以截止评分。"))
    today = today or timezone.localdate()
    Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    _refuse_when_closed(campaign)
    phase = campaign.phases.filter(code=PhaseCode.EVALUATION).first()
    if phase is None or not phase.is_open(today):
        raise ValidationError(_("只能在评价公示阶段内截止评分。"))
    if today >= phase.effective_end:
        raise ValidationError(_("评价公示阶段的最后一天不能截止评分：公示须在本阶段内进行。"))
    return ScoringClosure.objects.create(campaign=campaign, closed_on=today, closed_by=user)


# --- recomputation --------------------------------------------------------------------------


def _enrolment_fact(enrolment: Enrolment) -> EnrolmentFact:
    return next(
        f
        for f in programme_facts.enrolments(enrolment.campaign_id, enrolled_only=False)
        if f.ref.pk == enrolment.pk
    )


def _recompute(campaign: Campaign, enrolments: list[EnrolmentFact]) -> int:
    """Replace the automatic entries and the scores of ``enrolments`` (one transaction)."""
    _refuse_when_closed(campaign)
    if not enrolments:
        return 0
    rubrics = {}
    for kind in {e.kind for e in enrolments}:
        row = current_rubric(campaign, kind)
        rubrics[kind] = (row, row.parsed())
    windows = {kind: window_of(campaign, parsed.window) for kind, (_, parsed) in rubrics.items()}
    facts = {}
    for kind in rubrics:
        ids = programme_facts.operator_ids(e for e in enrolments if e.kind == kind)
        facts[kind] = derivation.Facts.read(ids, windows[kind], campaign.pk)
    enrolment_ids = [e.ref.pk for e in enrolments]
    # Automatic lines are derived data: replacing them is no audited change (the audit log
    # keeps the manual adjustments, the input scores and the rubric versions). No signal
    # listens to ledger entries, so this is one DELETE.
    LedgerEntry.objects.filter(enrolment_id__in=enrolment_ids, automatic=True).delete()
    kept: dict[int, list[LedgerEntry]] = {pk: [] for pk in enrolment_ids}
    for entry in LedgerEntry.objects.filter(enrolment_id__in=enrolment_ids):
        kept[entry.enrolment_id].append(entry)
    new_entries = []
    scores = []
    now = timezone.now()
    for enrolment in enrolments:
        row, parsed = rubrics[enrolment.kind]
        inputs = frozenset(
            (e.dimension, e.criterion) for e in kept[enrolment.ref.pk] if e.source in INPUT_SOURCES
        )
        lines = derivation.lines_for(parsed, enrolment, facts[enrolment.kind], inputs=inputs)
        entries = [
            LedgerEntry(
                enrolment_id=enrolment.ref.pk,
                rubric_id=row.pk,
                dimension=line.dimension,
                criterion=line.criterion,
                points=line.points,
                source=line.source,
                automatic=True,
                fact_label=line.ref.label if line.ref else "",
                fact_pk=line.ref.pk if line.ref else None,
                detail=dict(line.detail),
            )
            for line in lines
        ]
        new_entries.extend(entries)
        result = engine.evaluate(
            parsed,
            [
                engine.Entry(e.dimension, e.criterion, Decimal(e.points), e.source)
                for e in (*entries, *kept[enrolment.ref.pk])
            ],
        )
        scores.append(_score_row(enrolment.ref.pk, row, result, now))
    bulk.insert(LedgerEntry, new_entries)
    Score.objects.filter(enrolment_id__in=enrolment_ids).delete()
    bulk.insert(Score, scores)
    return len(enrolments)


def _score_row(enrolment_id: int, row: Rubric, result: engine.Result, now) -> Score:
    return Score(
        enrolment_id=enrolment_id,
        rubric=row,
        total=result.total.quantize(Decimal("0.01")),
        published=result.published,
        dimensions={code: str(value) for code, value in result.dimensions.items()},
        criteria={
            f"{d}.{c}": {"score": str(s.score), "max": str(s.max), "raw": str(s.raw)}
            for (d, c), s in result.criteria.items()
        },
        candidate=result.candidate,
        near_miss=result.near_miss(),
        reasons=[
            {"code": r.code, "dimension": r.dimension, "criterion": r.criterion}
            for r in result.reasons
        ],
        computed_at=now,
    )


@transaction.atomic
def recompute_enrolment(enrolment: Enrolment) -> Score:
    """Recompute one enrolment (when one of its inputs changed)."""
    _recompute(enrolment.campaign, [_enrolment_fact(enrolment)])
    return Score.objects.get(enrolment=enrolment)


@transaction.atomic
def recompute_campaign_now(campaign_id: int) -> int:
    """Every enrolment of the campaign, all or nothing; the number recomputed."""
    campaign = Campaign.objects.select_related("guide").get(pk=campaign_id)
    return _recompute(campaign, list(programme_facts.enrolments(campaign_id)))


def recompute_campaign(user, campaign: Campaign):
    """The office's batch recomputation, inline or on a worker (``core.background``)."""
    require(user, "evaluation.recompute", message=_("只有领导小组办公室可以重新计算得分。"))
    return enqueue("fangxin.evaluation.services.recompute_campaign_now", campaign.pk)


def evaluate_ledgers(
    campaign: Campaign, kind: str, *, threshold=None, weights=None, enrolment_ids=None
) -> dict[int, engine.Result]:
    """Every enrolment of ``kind`` (or only those of ``enrolment_ids``) scored from its stored
    ledger under the current rubric (another threshold / weights: a what-if). Reads only;
    writes nothing."""
    parsed = current_rubric(campaign, kind).parsed()
    ledger = LedgerEntry.objects.filter(enrolment__campaign=campaign, enrolment__kind=kind)
    if enrolment_ids is not None:
        ledger = ledger.filter(enrolment_id__in=list(enrolment_ids))
    # A criterion's score is the clamped sum of its lines, whatever their order, so the
    # database sums each criterion first and the engine clamps and totals.
    sums = (
        ledger.exclude(source=Source.VETO)
        .order_by()
        .values_list("enrolment_id", "dimension", "criterion")
        .annotate(total=Sum("points"))
    )
    entries: dict[int, list[engine.Entry]] = {}
    for enrolment_id, dimension, criterion, total in sums.iterator(chunk_size=10_000):
        entries.setdefault(enrolment_id, []).append(
            engine.Entry(dimension, criterion, total or Decimal(0))
        )
    vetoed = ledger.filter(source=Source.VETO).values_list("enrolment_id", flat=True).distinct()
    for enrolment_id in vetoed:
        entries.setdefault(enrolment_id, []).append(engine.Entry("", "", Decimal(0), engine.VETO))
    return {
        pk: engine.evaluate(parsed, lines, threshold=threshold, weights=weights)
        for pk, lines in entries.items()
    }


# --- manual adjustments ---------------------------------------------------------------------


@transaction.atomic
def adjust(
    user, enrolment: Enrolment, *, dimension: str, criterion: str, points, reason: str
) -> LedgerEntry:
    """A manual adjustment by the office: a reason is required; audited (auditlog) and kept
    across recomputation."""
    require(user, "evaluation.adjust", message=_("只有领导小组办公室可以人工调整得分。"))
    _refuse_when_closed(enrolment.campaign)
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("请填写调整原因。")
    try:
        amount = Decimal(str(points))
        if not amount.is_finite() or amount == 0 or abs(amount) > 100:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["points"] = _("调整分值须为 -100 至 100 之间的非零数字。")
        amount = None
    row = current_rubric(enrolment.campaign, enrolment.kind)
    if row.parsed().criterion(dimension, criterion) is None:
        errors["criterion"] = _("考评细则中没有该评分项。")
    if errors:
        raise ValidationError(errors)
    entry = LedgerEntry.objects.create(
        enrolment=enrolment,
        rubric=row,
        dimension=dimension,
        criterion=criterion,
        points=amount.quantize(Decimal("0.01")),
        source=Source.MANUAL,
        automatic=False,
        note=reason[:300],
        created_by=user,
    )
    audit(entry, user)
    recompute_enrolment(enrolment)
    return entry


def _rescore_from_ledger(enrolment: Enrolment) -> Score:
    """Score one enrolment from its stored ledger under its rubric, without deriving the
    automatic entries again: after closing the inputs stay frozen, only decisions are added."""
    row = current_rubric(enrolment.campaign, enrolment.kind)
    result = evaluate_ledgers(enrolment.campaign, enrolment.kind, enrolment_ids=[enrolment.pk])[
        enrolment.pk
    ]
    score = _score_row(enrolment.pk, row, result, timezone.now())
    Score.objects.filter(enrolment=enrolment).delete()
    score.save()
    return score


@transaction.atomic
def record_decision(
    user,
    enrolment: Enrolment,
    *,
    reason: str,
    basis: str,
    basis_pk: int,
    points=0,
    dimension: str = "",
    criterion: str = "",
) -> LedgerEntry:
    """A decision the office takes after scoring closed that the ledger must show with its
    reason: an upheld objection that withdrew the candidate (no points), or the decision on a
    re-evaluation (points on one criterion, or none when refused). The one write allowed after
    closing: a manual line naming what it rests on (``basis``, ``basis_pk``); the score is
    recomputed from the stored ledger only, so everything else stays frozen."""
    require(user, "evaluation.adjust", message=_("只有领导小组办公室可以人工调整得分。"))
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("请填写调整原因。")
    try:
        amount = Decimal(str(points))
        if not amount.is_finite() or abs(amount) > 100:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["points"] = _("调整分值须为 -100 至 100 之间的数字。")
        amount = None
    row = current_rubric(enrolment.campaign, enrolment.kind)
    if amount and row.parsed().criterion(dimension, criterion) is None:
        errors["criterion"] = _("考评细则中没有该评分项。")
    if errors:
        raise ValidationError(errors)
    entry = LedgerEntry.objects.create(
        enrolment=enrolment,
        rubric=row,
        dimension=dimension if amount else "",
        criterion=criterion if amount else "",
        points=amount.quantize(Decimal("0.01")),
        source=Source.MANUAL,
        automatic=False,
        fact_label=basis[:60],
        fact_pk=basis_pk,
        note=reason[:300],
        created_by=user,
    )
    audit(entry, user)
    if amount:
        if is_closed(enrolment.campaign):
            _rescore_from_ledger(enrolment)
        else:
            recompute_enrolment(enrolment)
    return entry


# --- industry evaluation (行业评议) ----------------------------------------------------------


def industry_criterion(parsed: rubric_data.Rubric) -> tuple[str, rubric_data.Criterion] | None:
    """The (dimension, criterion) the association scores: the criterion of input
    ``association``."""
    for dimension in parsed.dimensions:
        for criterion in dimension.criteria:
            if criterion.input == "association":
                return dimension.code, criterion
    return None


@transaction.atomic
def score_industry(user, campaign: Campaign, scores: dict[int, object], today=None) -> int:
    """The association's scores, ``{enrolment_id: points}``, each replacing the enrolment's
    previous association score; all or nothing, during the evaluation phase, before scoring
    closes. The number saved."""
    require(
        user,
        "evaluation.score_industry",
        message=_("只有行业协会或领导小组办公室可以录入行业评议分。"),
    )
    _refuse_when_closed(campaign)
    today = today or timezone.localdate()
    phase = campaign.phases.filter(code=PhaseCode.EVALUATION).first()
    if phase is None or not phase.is_open(today):
        raise ValidationError(_("只能在评价公示阶段录入行业评议分。"))
    enrolments = {
        e.pk: e for e in Enrolment.objects.filter(campaign=campaign, pk__in=list(scores)).enrolled()
    }
    errors = []
    parsed_by_kind = {}
    entries = []
    for pk, raw in scores.items():
        enrolment = enrolments.get(pk)
        if enrolment is None:
            errors.append(_("培育对象 %(pk)s 不在本年度名单中。") % {"pk": pk})
            continue
        if enrolment.kind not in parsed_by_kind:
            row = current_rubric(campaign, enrolment.kind)
            parsed_by_kind[enrolment.kind] = (row, industry_criterion(row.parsed()))
        row, target = parsed_by_kind[enrolment.kind]
        if target is None:
            errors.append(_("考评细则没有行业协会评分项。"))
            continue
        dimension, criterion = target
        try:
            points = Decimal(str(raw))
            if not points.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            points = None
        if points is None or not (0 <= points <= criterion.points):
            errors.append(
                _("%(name)s：行业评议分须在 0 至 %(max)s 分之间。")
                % {"name": enrolment.operator.name, "max": criterion.points}
            )
            continue
        entries.append((enrolment, row, dimension, criterion.code, points))
    if errors:
        raise ValidationError(errors)
    for enrolment, row, dimension, criterion, points in entries:
        for previous in LedgerEntry.objects.filter(
            enrolment=enrolment, source=Source.ASSOCIATION, dimension=dimension
        ):
            audit(previous, user, LogEntry.Action.DELETE)
            previous.delete()
        audit(
            LedgerEntry.objects.create(
                enrolment=enrolment,
                rubric=row,
                dimension=dimension,
                criterion=criterion,
                points=points.quantize(Decimal("0.01")),
                source=Source.ASSOCIATION,
                automatic=False,
                created_by=user,
            ),
            user,
        )
    _recompute(
        campaign,
        [
            f
            for f in programme_facts.enrolments(campaign.pk)
            if f.ref.pk in {e[0].pk for e in entries}
        ],
    )
    return len(entries)
