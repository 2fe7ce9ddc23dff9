"""Inspections, product samples and findings; the self-inspection honesty check."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fangxin.core import periods
from fangxin.core.models import User
from fangxin.core.notify import notify_users
from fangxin.core.roles import Role
from fangxin.core.scoping import can_see
from fangxin.core.uploads import check_evidence
from fangxin.registry.models import Operator
from fangxin.registry.services import record_event
from fangxin.selfcheck.models import Answer

from ..models import (
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
# The requirement area a failed product sample counts against.
PRODUCT_QUALITY_AREA = "quality"


def _require_regulator_of(user, operator: Operator) -> None:
    if not (user.is_office or user.role == Role.STATION) or not can_see(user, operator):
        raise PermissionDenied(_("该经营主体不在您的管辖范围内。"))


def _require_inspector_of(user, inspection: Inspection) -> None:
    if user.is_office:
        return
    if user.role == Role.STATION and inspection.station_id == user.station_id:
        return
    if inspection.inspectors.filter(pk=user.pk).exists():
        return
    raise PermissionDenied(_("只有本次检查的执法人员可以录入检查结果。"))


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
    """A task: an operator, two or more inspectors, a date and the items to check."""
    if draw is None:
        _require_regulator_of(user, operator)
    inspectors = list(inspectors)
    if len(inspectors) < 2:
        raise ValidationError({"inspectors": _("执法检查须由两名以上执法人员进行。")})
    if any(i.role != Role.INSPECTOR or not i.is_active for i in inspectors):
        raise ValidationError({"inspectors": _("只能指派在岗的执法人员。")})
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
    )
    transaction.on_commit(
        lambda: notify_users(
            inspectors,
            _("新的检查任务：%s") % operator.name,
            _("您被指派于%(date)s检查%(name)s。") % {"date": planned_on, "name": operator.name},
        )
    )
    return inspection


def inspections_for_draw(user, draw: Draw, planned_on: date) -> list[Inspection]:
    """One task per drawn operator, with the drawn inspectors and the plan's items."""
    plan = draw.plan
    requirements = list(plan.items.all())
    inspectors = {
        u.pk: u
        for u in User.objects.filter(pk__in={i for row in draw.result for i in row["inspectors"]})
    }
    operators = Operator.objects.select_related("area__station").in_bulk(
        [row["operator"] for row in draw.result]
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
        for row in draw.result
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
) -> Inspection:
    """Record the result per item; minor and serious problems become findings."""
    _require_inspector_of(user, inspection)
    if inspection.status not in (Inspection.Status.PLANNED, Inspection.Status.RECORDED):
        raise ValidationError(_("检查结果已审核，不能修改。"))
    if inspected_on > timezone.localdate():
        raise ValidationError({"inspected_on": _("检查日期不能晚于今天。")})
    if not conclusion.strip():
        raise ValidationError({"conclusion": _("请填写检查结论。")})
    items = {item.pk: item for item in inspection.items.select_related("requirement__area")}
    for item_id, (result, note) in results.items():
        item = items.get(int(item_id))
        if item is None:
            raise ValidationError(_("检查事项不属于本次检查。"))
        if result not in I.values:
            raise ValidationError(_("检查结果无效。"))
        item.result, item.note = result, note.strip()
        item.save(update_fields=["result", "note"])
        if result in FINDING_SEVERITY and not item.findings.exists():
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
    inspection.status = Inspection.Status.RECORDED
    inspection.save()
    record_event(
        inspection.operator,
        "inspection",
        _("接受检查（%(date)s）：%(conclusion)s")
        % {"date": inspected_on, "conclusion": inspection.conclusion},
        user,
        {"inspection": inspection.pk},
    )
    return inspection


def _evidence(user, upload, captured_at: datetime | None, **target) -> SupervisionEvidence:
    checked = check_evidence(upload)
    evidence = SupervisionEvidence(
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        captured_at=captured_at or timezone.now(),
        captured_by=user,
        **target,
    )
    evidence.file.save(checked.name, upload, save=False)
    evidence.save()
    return evidence


@transaction.atomic
def add_inspection_evidence(user, inspection: Inspection, upload, captured_at=None):
    _require_inspector_of(user, inspection)
    if captured_at and captured_at > timezone.now():
        raise ValidationError({"captured_at": _("拍摄时间不能晚于现在。")})
    return _evidence(user, upload, captured_at, inspection=inspection)


@transaction.atomic
def publish_inspection(user, inspection: Inspection) -> Inspection:
    """The station approves the recorded result; it appears on the public results page."""
    if not (
        user.is_office or (user.role == Role.STATION and user.station_id == inspection.station_id)
    ):
        raise PermissionDenied(_("只有负责监管所可以审核公示检查结果。"))
    if inspection.status != Inspection.Status.RECORDED:
        raise ValidationError(_("只有已录入的检查结果可以审核公示。"))
    inspection.status = Inspection.Status.PUBLISHED
    inspection.published_at = timezone.now()
    inspection.save(update_fields=["status", "published_at"])
    record_event(inspection.operator, "inspection", _("检查结果已公示"), user)
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
    pickup_point=None,
    check_access: bool = True,
) -> Finding:
    if check_access:
        _require_regulator_of(user, operator)
    if severity not in Finding.Severity.values:
        raise ValidationError({"severity": _("问题性质应为轻微或严重。")})
    if not description.strip():
        raise ValidationError({"description": _("请描述发现的问题。")})
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
    )
    record_contradictions(finding)
    return finding


def record_contradictions(finding: Finding) -> list[Contradiction]:
    """A problem in an item the operator declared compliant: kept and shown, never silent."""
    requirement = finding.inspection_item.requirement if finding.inspection_item else None
    answers = Answer.objects.filter(
        inspection__enrolment__operator=finding.operator, result=Answer.Result.COMPLIANT
    )
    if requirement is not None:
        answers = answers.filter(requirement__code=requirement.code)
    elif finding.area is not None:
        answers = answers.filter(requirement__area__code=finding.area.code)
    else:
        return []
    made = []
    for answer in answers.select_related("requirement"):
        contradiction, created = Contradiction.objects.get_or_create(
            finding=finding,
            answer=answer,
            defaults={"operator": finding.operator, "recorded_on": finding.found_on},
        )
        if created:
            made.append(contradiction)
            record_event(
                finding.operator,
                "contradiction",
                _("自查不实：%(code)s 自查为“符合”，但检查发现问题")
                % {"code": answer.requirement.code},
                None,
                {"finding": finding.pk, "answer": answer.pk},
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
    **details,
) -> Sample:
    _require_regulator_of(user, operator)
    sample = Sample(
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
    record_event(operator, "sample", _("抽检：%s") % product, user, {"sample": sample.pk})
    if result != Sample.Result.PENDING:
        set_sample_result(user, sample, result, failed_items)
    return sample


@transaction.atomic
def set_sample_result(user, sample: Sample, result: str, failed_items: str = "") -> Sample:
    _require_regulator_of(user, sample.operator)
    if result not in (Sample.Result.PASS, Sample.Result.FAIL):
        raise ValidationError({"result": _("检验结论应为合格或不合格。")})
    if result == Sample.Result.FAIL and not failed_items.strip():
        raise ValidationError({"failed_items": _("不合格时请填写不合格项目。")})
    sample.result, sample.failed_items = result, failed_items.strip()
    sample.save(update_fields=["result", "failed_items"])
    if result == Sample.Result.FAIL:
        from fangxin.programme.models import RequirementArea

        area = (
            RequirementArea.objects.filter(code=PRODUCT_QUALITY_AREA)
            .order_by("-guide__version")
            .first()
        )
        create_finding(
            user,
            sample.operator,
            source=Finding.Source.SAMPLE,
            description=_("抽检不合格：%(product)s（%(items)s）")
            % {"product": sample.product, "items": sample.failed_items},
            severity=Finding.Severity.SERIOUS,
            found_on=timezone.localdate(),
            sample=sample,
            area=area,
            check_access=False,
        )
    return sample
