"""Inspections, product samples and findings; the self-inspection honesty check."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fangxin.core import periods
from fangxin.core.models import User
from fangxin.core.notify import notify_users
from fangxin.core.permissions import is_inspector, require
from fangxin.core.uploads import check_evidence
from fangxin.registry.models import Operator, OperatorEvent
from fangxin.registry.services import move, record_event
from fangxin.selfcheck import facts as selfcheck_facts

from .. import attribution, states
from ..models import (
    ConflictOfInterest,
    Contradiction,
    Draw,
    Finding,
    Inspection,
    InspectionItem,
    Sample,
    SupervisionEvidence,
)

I = InspectionItem.Result  # noqa: E741 - the glossary's result names read better short

# Item results that are findings, and their severity.
FINDING_SEVERITY = {I.MINOR: Finding.Severity.MINOR, I.SERIOUS: Finding.Severity.SERIOUS}
# The requirement area a product sample counts against unless the inspector chooses another.
PRODUCT_QUALITY_AREA = attribution.SAMPLE_AREA


# --- attribution (issue 12 item 2; the rule is in ``..attribution``) -------------------------


def area_guide(on: date, *, load: bool = True):
    """The work guide whose areas a finding of the day ``on`` is filed in: the guide of that
    year's campaign, else the latest guide (with ``load``, the shipped one if there is none)."""
    from fangxin.programme import guides
    from fangxin.programme.models import Campaign, GuideVersion

    campaign = Campaign.objects.filter(year=on.year).select_related("guide").first()
    if campaign is not None:
        return campaign.guide
    return GuideVersion.objects.order_by("-pk").first() or (guides.load() if load else None)


def area_choices(on: date) -> list[tuple[str, str]]:
    """(code, name) of the areas an inspector chooses from for a finding of the day ``on``
    (reading a page loads no guide: with none yet, the shipped guide's codes are offered and
    the guide is loaded when a finding is saved)."""
    guide = area_guide(on, load=False)
    if guide is None:
        from fangxin.programme import guides

        return [(a["code"], a["name"]) for a in guides.parse(guides.DEFAULT_GUIDE)["areas"]]
    return [(a.code, a.name) for a in guide.areas.order_by("order")]


def area_for(code: str, on: date):
    """The RequirementArea row for ``code`` in the guide of ``on`` (else the latest guide that
    has it); a code no guide has is refused."""
    from fangxin.programme.models import RequirementArea

    area = area_guide(on).areas.filter(code=code).first() or (
        RequirementArea.objects.filter(code=code).order_by("-guide_id").first()
    )
    if area is None:
        raise ValidationError({"area": _("要求方面“%s”不存在。") % code})
    return area


def _kind(operator: Operator, derived: str | None, chosen: str | None, required: bool):
    """The derived kind; else the one chosen (one of the operator's kinds); else, where a
    person is there to choose, a refusal; else None (counts for both enrolments)."""
    if derived:
        return derived
    kinds = attribution.operator_kinds(operator.livestream, operator.group_buying)
    if chosen:
        if chosen not in kinds:
            raise ValidationError({"kind": _("经营类型应为该经营主体从事的类型之一。")})
        return chosen
    if required:
        raise ValidationError(
            {"kind": _("该经营主体同时从事直播营销和社区团购，请选择问题涉及的经营类型。")}
        )
    return None


def _outside_jurisdiction() -> str:
    return _("该经营主体不在您的管辖范围内。")


def _not_the_inspectors() -> str:
    return _("只有本次检查的执法人员可以录入检查结果。")


def _check_drawn(draw: Draw, operator: Operator, inspectors) -> None:
    """A draw's task is exactly one row of its published result."""
    team = sorted({i.pk for i in inspectors})
    rows = draw.result or []
    if not any(r["operator"] == operator.pk and sorted(r["inspectors"]) == team for r in rows):
        raise ValidationError(_("检查任务与抽取结果不一致。"))


def _add_items(inspection: Inspection, requirements=(), free_items=()) -> None:
    InspectionItem.objects.bulk_create(
        [InspectionItem(inspection=inspection, requirement=r, text=r.text) for r in requirements]
        + [InspectionItem(inspection=inspection, text=t) for t in free_items if t.strip()]
    )


@transaction.atomic
def create_inspection(
    user,
    operator: Operator,
    *,
    source: str,
    inspectors,
    planned_on: date,
    requirements=(),
    free_items=(),
    partner_departments=(),
    pickup_point=None,
    draw: Draw | None = None,
) -> Inspection:
    """A task: an operator, two or more inspectors, a date and the items to check.

    A draw's task follows the published result: its inspectors were checked (role, activity,
    declared conflicts) when the pools were frozen, and a frozen plan must always be drawable.
    """
    if draw is None:
        require(user, "supervision.create_inspection", operator, _outside_jurisdiction())
    else:
        # Made by the plan's regulator, when the draw runs.
        require(
            user,
            "supervision.run_draw",
            draw.plan,
            _("只有领导小组办公室或本计划所属监管所可以执行此操作。"),
        )
        _check_drawn(draw, operator, inspectors)
    if source not in Inspection.Source.values:
        raise ValidationError({"source": _("检查来源无效。")})
    inspectors = list({i.pk: i for i in inspectors}.values())
    if len(inspectors) < 2:
        raise ValidationError({"inspectors": _("执法检查须由两名以上执法人员进行。")})
    if draw is None:
        if not all(is_inspector(i) for i in inspectors):
            raise ValidationError({"inspectors": _("只能指派在岗的执法人员。")})
        if ConflictOfInterest.objects.filter(operator=operator, inspector__in=inspectors).exists():
            raise ValidationError({"inspectors": _("有执法人员已申报与该经营主体存在回避事由。")})
    if pickup_point is not None and pickup_point.operator_id != operator.pk:
        raise ValidationError({"pickup_point": _("自提点必须属于被检查的经营主体。")})
    inspection = Inspection.objects.create(
        operator=operator,
        station=operator.area.station,
        source=source,
        draw=draw,
        planned_on=planned_on,
        pickup_point=pickup_point,
        created_by=user,
    )
    inspection.inspectors.set(inspectors)
    inspection.partner_departments.set(partner_departments)
    relevant = [r for r in requirements if getattr(operator, r.kind, False)]
    _add_items(inspection, relevant, free_items)
    record_event(
        operator,
        "inspection",
        _("安排%(source)s（%(date)s）")
        % {"source": inspection.get_source_display(), "date": planned_on},
        user,
        {"inspection": inspection.pk},
        about=inspection,
    )
    transaction.on_commit(
        lambda: notify_users(
            inspectors,
            _("新的检查任务：%s") % operator.name,
            _("您被指派于%(date)s检查%(name)s。") % {"date": planned_on, "name": operator.name},
            link=reverse("supervision:inspection-detail", args=[inspection.pk]),
        )
    )
    return inspection


def inspections_for_draw(user, draw: Draw, planned_on: date) -> list[Inspection]:
    """One task per drawn operator, with the drawn inspectors and the plan's items (once)."""
    plan = draw.plan
    done = set(draw.inspections.values_list("operator_id", flat=True))
    rows = [row for row in draw.result if row["operator"] not in done]
    requirements = list(plan.items.all())
    inspectors = {
        u.pk: u for u in User.objects.filter(pk__in={i for row in rows for i in row["inspectors"]})
    }
    operators = Operator.objects.select_related("area__station").in_bulk(
        [row["operator"] for row in rows]
    )
    return [
        create_inspection(
            user,
            operators[row["operator"]],
            source=Inspection.Source.DRAW,
            inspectors=[inspectors[i] for i in row["inspectors"]],
            planned_on=planned_on,
            requirements=requirements,
            free_items=plan.free_items,
            partner_departments=plan.partner_departments.all(),
            draw=draw,
        )
        for row in rows
    ]


@transaction.atomic
def record_inspection(
    user,
    inspection: Inspection,
    *,
    inspected_on: date,
    results: dict[int, tuple[str, str]],
    conclusion: str,
    internal_note: str = "",
    acknowledged_by: str = "",
    areas: dict[int, str] | None = None,
    kind: str | None = None,
    uploads=(),
) -> Inspection:
    """Record the result per item; minor and serious problems become findings. A problem in a
    free-text item (no requirement of the guide) needs its area chosen (``areas``: item id →
    area code), and, for an operator of both kinds when nothing says which, ``kind``.
    ``uploads`` (photos, documents) are kept as the inspection's evidence, all or nothing with
    the result."""
    areas = {int(k): v for k, v in (areas or {}).items() if str(k).isdigit() and v}
    require(user, "supervision.record_inspection", inspection, _not_the_inspectors())
    if inspection.status not in (Inspection.Status.PLANNED, Inspection.Status.RECORDED):
        raise ValidationError(_("检查结果已审核，不能修改。"))
    if inspected_on > timezone.localdate():
        raise ValidationError({"inspected_on": _("检查日期不能晚于今天。")})
    if not conclusion.strip():
        raise ValidationError({"conclusion": _("请填写检查结论。")})
    items = {item.pk: item for item in inspection.items.select_related("requirement__area")}
    for item_id, (result, note) in results.items():
        try:
            item = items.get(int(item_id))
        except (TypeError, ValueError):
            item = None
        if item is None:
            raise ValidationError(_("检查事项不属于本次检查。"))
        if result not in I.values:
            raise ValidationError(_("检查结果无效。"))
        item.result, item.note = result, note.strip()
        item.save(update_fields=["result", "note"])
        existing = item.findings.first()
        if existing is not None:
            existing = _correct_finding(
                user, existing, result, item.note or item.text, inspected_on
            )
        if result in FINDING_SEVERITY and existing is None:
            if item.requirement is None and not areas.get(item.pk):
                raise ValidationError(
                    {"areas": _("请为检查事项“%s”选择问题所属的要求方面。") % item.text}
                )
            create_finding(
                user,
                inspection.operator,
                source=Finding.Source.INSPECTION,
                description=item.note or item.text,
                severity=FINDING_SEVERITY[result],
                found_on=inspected_on,
                inspection=inspection,
                inspection_item=item,
                area=item.requirement.area if item.requirement else None,
                area_code=areas.get(item.pk),
                kind=kind,
                kind_required=True,
                pickup_point=inspection.pickup_point,
                check_access=False,
            )
    deadline = periods.deadline("inspection_publication", inspected_on)
    inspection.inspected_on = inspected_on
    inspection.conclusion = conclusion.strip()
    inspection.internal_note = internal_note.strip()
    if acknowledged_by.strip():
        inspection.acknowledged_by = acknowledged_by.strip()
        inspection.acknowledged_at = timezone.now()
    inspection.publish_due = deadline.due
    inspection.publish_due_provisional = deadline.provisional
    move(
        inspection,
        Inspection.Status.RECORDED,
        table=states.INSPECTION,
        by=user,
        kind=OperatorEvent.Kind.INSPECTION,
        summary=_("接受检查（%(date)s）：%(conclusion)s")
        % {"date": inspected_on, "conclusion": inspection.conclusion},
        data={"inspection": inspection.pk},
    )
    for upload in uploads:
        add_inspection_evidence(user, inspection, upload)
    return inspection


def _correct_finding(
    user, finding: Finding, result: str, description: str, found_on: date
) -> Finding | None:
    """Re-recording an item corrects its finding: same severity keeps it (with the new text and
    date), another result withdraws it so that the right one is made. A finding that already
    has a follow-up (measure, order, case, evidence) stands: its result can no longer change."""
    severity = FINDING_SEVERITY.get(result)
    if severity == finding.severity:
        if (finding.description, finding.found_on) != (description, found_on):
            finding.description, finding.found_on = description, found_on
            finding.save(update_fields=["description", "found_on"])
        return finding
    if (
        finding.measures.exists()
        or finding.orders.exists()
        or finding.cases.exists()
        or finding.evidence.exists()
    ):
        raise ValidationError(
            _("“%s”发现的问题已有后续处理，不能再修改该项检查结果。") % finding.inspection_item
        )
    record_event(
        finding.operator,
        "finding",
        _("更正检查结果，撤销问题：%s") % finding.description,
        user,
        {"finding": finding.pk},
        about=finding,
    )
    finding.delete()
    return None


def _evidence(user, upload, captured_at: datetime | None, **target) -> SupervisionEvidence:
    checked = check_evidence(upload)
    return SupervisionEvidence(
        captured_at=captured_at or timezone.now(), captured_by=user, **target
    ).keep(upload, checked)


@transaction.atomic
def add_inspection_evidence(user, inspection: Inspection, upload, captured_at=None):
    require(user, "supervision.record_inspection", inspection, _not_the_inspectors())
    if captured_at and captured_at > timezone.now():
        raise ValidationError({"captured_at": _("拍摄时间不能晚于现在。")})
    return _evidence(user, upload, captured_at, inspection=inspection)


@transaction.atomic
def publish_inspection(user, inspection: Inspection) -> Inspection:
    """The station approves the recorded result; it appears on the public results page."""
    require(
        user,
        "supervision.publish_inspection",
        inspection,
        _("只有负责监管所可以审核公示检查结果。"),
    )
    if inspection.status != Inspection.Status.RECORDED:
        raise ValidationError(_("只有已录入的检查结果可以审核公示。"))
    inspection.published_at = timezone.now()
    move(
        inspection,
        Inspection.Status.PUBLISHED,
        table=states.INSPECTION,
        by=user,
        kind=OperatorEvent.Kind.INSPECTION,
        summary=_("检查结果已公示"),
        save=False,
    )
    inspection.save(update_fields=["status", "published_at"])
    return inspection


@transaction.atomic
def create_finding(
    user,
    operator: Operator,
    *,
    source: str,
    description: str,
    severity: str,
    found_on: date,
    inspection=None,
    inspection_item=None,
    sample=None,
    area=None,
    area_code: str | None = None,
    kind: str | None = None,
    kind_required: bool = False,
    pickup_point=None,
    account=None,
    check_access: bool = True,
) -> Finding:
    """A finding, always in a requirement area: ``area`` (a row), else ``area_code``, else the
    inspected item's, else the sample's; its operator kind is derived (see ``attribution``),
    else ``kind`` as chosen; with ``kind_required`` an undecidable kind is refused (a person is
    there to choose), without it the finding counts for both of the operator's enrolments."""
    if check_access:
        require(user, "supervision.create_finding", operator, _outside_jurisdiction())
    if severity not in Finding.Severity.values:
        raise ValidationError({"severity": _("问题性质应为轻微或严重。")})
    if not description.strip():
        raise ValidationError({"description": _("请描述发现的问题。")})
    requirement = inspection_item.requirement if inspection_item is not None else None
    if area is None and area_code:
        area = area_for(area_code, found_on)
    if area is None and requirement is not None:
        area = requirement.area
    if area is None and sample is not None:
        area = sample.area
    if area is None:
        raise ValidationError({"area": _("请选择问题所属的要求方面。")})
    derived = attribution.derive_kind(
        livestream=operator.livestream,
        group_buying=operator.group_buying,
        requirement_kind=requirement.kind if requirement is not None else None,
        pickup_point=pickup_point is not None,
        sample_place=sample.place if sample is not None else None,
        platform=account.platform if account is not None else None,
    )
    if derived is None and sample is not None:
        derived = sample.kind
    finding = Finding.objects.create(
        operator=operator,
        source=source,
        description=description.strip(),
        severity=severity,
        found_on=found_on,
        inspection=inspection,
        inspection_item=inspection_item,
        sample=sample,
        area=area,
        kind=_kind(operator, derived, kind, kind_required),
        pickup_point=pickup_point,
        created_by=user,
    )
    record_event(
        operator,
        "finding",
        _("发现%(severity)s问题：%(text)s")
        % {"severity": finding.get_severity_display(), "text": finding.description},
        user,
        {"finding": finding.pk},
        about=finding,
    )
    record_contradictions(finding)
    return finding


def record_contradictions(finding: Finding) -> list[Contradiction]:
    """A problem in an item the operator declared compliant: kept and shown, never silent."""
    requirement = finding.inspection_item.requirement if finding.inspection_item else None
    # Only what the operator declared (submitted, or accepted by the station) in that year's
    # campaign: selfcheck's facts say which answers those are.
    if requirement is not None:
        narrowed = {"requirement_code": requirement.code}
    elif finding.sample_id is not None:
        # A failed sample contradicts what was declared in its area. Other findings without an
        # item (free text, monitoring, complaints) have an area too since attribution, but it
        # says where they count, not which declaration they contradict.
        narrowed = {"area": finding.area.code}
    else:
        return []
    declared = selfcheck_facts.declared_compliant_answers(
        finding.operator_id, finding.found_on.year, **narrowed
    )
    made = []
    for answer in declared:
        contradiction, created = Contradiction.objects.get_or_create(
            finding=finding,
            answer_id=answer.ref.pk,
            defaults={"operator": finding.operator, "recorded_on": finding.found_on},
        )
        if created:
            made.append(contradiction)
            record_event(
                finding.operator,
                "contradiction",
                _("自查不实：%(code)s 自查为“符合”，但检查发现问题")
                % {"code": answer.requirement_code},
                None,
                {"finding": finding.pk, "answer": answer.ref.pk},
                about=finding,
            )
    return made


@transaction.atomic
def record_sample(
    user,
    operator: Operator,
    *,
    product: str,
    place: str,
    taken_on: date,
    testing_body: str,
    result: str = Sample.Result.PENDING,
    failed_items: str = "",
    inspection=None,
    area_code: str = "",
    kind: str | None = None,
    **details,
) -> Sample:
    """A sample counts against the area chosen (product quality by default) and the kind its
    place says (studio, pickup point), else the operator's only kind, else the one chosen."""
    require(user, "supervision.take_sample", operator, _outside_jurisdiction())
    if inspection is not None and inspection.operator_id != operator.pk:
        raise ValidationError({"inspection": _("抽检所属的检查必须是对同一经营主体的检查。")})
    derived = attribution.derive_kind(
        livestream=operator.livestream,
        group_buying=operator.group_buying,
        sample_place=place,
        pickup_point=inspection is not None and inspection.pickup_point_id is not None,
    )
    sample = Sample(
        area=area_for(area_code or PRODUCT_QUALITY_AREA, taken_on),
        kind=_kind(operator, derived, kind, required=True),
        operator=operator,
        product=product,
        place=place,
        taken_on=taken_on,
        testing_body=testing_body,
        inspection=inspection,
        created_by=user,
        **details,
    )
    sample.full_clean()
    sample.save()
    record_event(
        operator, "sample", _("抽检：%s") % product, user, {"sample": sample.pk}, about=sample
    )
    if result != Sample.Result.PENDING:
        set_sample_result(user, sample, result, failed_items)
    return sample


@transaction.atomic
def set_sample_result(user, sample: Sample, result: str, failed_items: str = "") -> Sample:
    require(user, "supervision.record_sample_result", sample, _outside_jurisdiction())
    if result not in (Sample.Result.PASS, Sample.Result.FAIL):
        raise ValidationError({"result": _("检验结论应为合格或不合格。")})
    if sample.result != Sample.Result.PENDING:
        raise ValidationError(_("检验结论已录入，不能重复录入。"))
    if result == Sample.Result.FAIL and not failed_items.strip():
        raise ValidationError({"failed_items": _("不合格时请填写不合格项目。")})
    failed_items = failed_items.strip() if result == Sample.Result.FAIL else ""
    sample.result, sample.failed_items = result, failed_items
    sample.save(update_fields=["result", "failed_items"])
    if result == Sample.Result.FAIL:
        create_finding(
            user,
            sample.operator,
            source=Finding.Source.SAMPLE,
            description=_("抽检不合格：%(product)s（%(items)s）")
            % {"product": sample.product, "items": sample.failed_items},
            severity=Finding.Severity.SERIOUS,
            found_on=timezone.localdate(),
            sample=sample,
            check_access=False,
        )
    return sample


@transaction.atomic
def add_partner_finding(
    user,
    inspection: Inspection,
    description: str,
    severity: str,
    area_code: str = "",
    kind: str | None = None,
) -> Finding:
    """A partner department taking part in a joint inspection adds what it found, in the area
    it chooses (and the kind, for an operator of both kinds when the inspection does not say)."""
    require(
        user,
        "supervision.add_partner_finding",
        inspection,
        _("只有参加本次联合检查的协作部门可以补充问题。"),
    )
    if inspection.inspected_on is None:
        raise ValidationError(_("检查结果录入后才能补充问题。"))
    return create_finding(
        user,
        inspection.operator,
        source=Finding.Source.INSPECTION,
        description=f"[{user.partner_department.name}] {description.strip()}"
        if description.strip()
        else "",
        severity=severity,
        found_on=inspection.inspected_on,
        inspection=inspection,
        area_code=area_code or None,
        kind=kind or None,
        kind_required=True,
        pickup_point=inspection.pickup_point,
        check_access=False,
    )
