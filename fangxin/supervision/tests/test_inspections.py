"""Inspections, evidence, publication, samples, findings and self-inspection contradictions."""

import hashlib
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fangxin.core import workdays
from fangxin.core.models import CalendarYear, Notification
from fangxin.core.roles import Role
from fangxin.core.scoping import visible
from fangxin.core.tests.factories import AreaFactory, PartnerDepartmentFactory, StationFactory
from fangxin.programme import guides
from fangxin.programme import services as programme
from fangxin.programme.models import Requirement
from fangxin.registry.models import PickupPoint
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.selfcheck import services as selfcheck
from fangxin.selfcheck.models import Answer
from fangxin.supervision import services
from fangxin.supervision.models import (
    ConflictOfInterest,
    Contradiction,
    Finding,
    Inspection,
    InspectionItem,
    Sample,
)
from fangxin.supervision.tests.conftest import plan_for

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
TODAY = timezone.localdate


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture
def guide(db):
    return guides.load()


@pytest.fixture
def station(db):
    return StationFactory()


@pytest.fixture
def operator(station):
    return OperatorFactory(area=AreaFactory(station=station), livestream=True)


@pytest.fixture
def station_user(make_user, station):
    return make_user(Role.STATION, station=station)


@pytest.fixture
def inspectors(make_user, station):
    return [make_user(Role.INSPECTOR, station=station) for _ in range(2)]


@pytest.fixture
def task(station_user, operator, inspectors, guide):
    """A targeted inspection of a live-stream operator against the whole guide plus one item."""
    return services.create_inspection(
        station_user,
        operator,
        source=Inspection.Source.TARGETED,
        inspectors=inspectors,
        planned_on=TODAY(),
        requirements=Requirement.objects.filter(area__guide=guide),
        free_items=["进货查验记录"],
    )


def item_of(inspection, code):
    return inspection.items.get(requirement__code=code)


def record(user, inspection, results=None, on=None, **kwargs):
    # The inspector's choice of area for a problem in a free-text item (test_attribution
    # covers the choice itself).
    kwargs.setdefault(
        "areas",
        {
            pk: "site"
            for pk in inspection.items.filter(requirement=None).values_list("pk", flat=True)
        },
    )
    return services.record_inspection(
        user,
        inspection,
        inspected_on=on or TODAY(),
        results=results or {},
        conclusion=kwargs.pop("conclusion", "检查完毕"),
        **kwargs,
    )


def freeze_today(monkeypatch, day):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)


# --- tasks from a draw -----------------------------------------------------------------------


def test_run_draw_creates_one_planned_task_per_drawn_operator_with_items_of_its_kind(
    county, office, guide, django_capture_on_commit_callbacks
):
    _stations, operators, _inspectors = county
    for operator in operators[::2]:
        operator.livestream, operator.group_buying = False, True
        operator.save()
    items = list(Requirement.objects.filter(area__guide=guide, area__code="qualifications"))
    plan = plan_for(office)
    plan.items.set(items)
    services.freeze(office, plan)
    with django_capture_on_commit_callbacks(execute=True):
        draw = services.run_draw(office, plan, "03 07 12 19 25 31 + 09", "双色球第2026138期")

    tasks = Inspection.objects.filter(draw=draw)
    assert sorted(tasks.values_list("operator_id", flat=True)) == sorted(
        row["operator"] for row in draw.result
    )
    drawn_inspectors = {row["operator"]: set(row["inspectors"]) for row in draw.result}
    for task in tasks:
        operator = task.operator
        assert task.status == Inspection.Status.PLANNED
        assert task.source == Inspection.Source.DRAW
        assert task.station == operator.area.station
        assert task.planned_on == TODAY()
        assignees = set(task.inspectors.values_list("pk", flat=True))
        assert assignees == drawn_inspectors[operator.pk] and len(assignees) >= 2
        kind = "livestream" if operator.livestream else "group_buying"
        expected = {r.code for r in items if r.kind == kind}
        checked = set(
            task.items.exclude(requirement=None).values_list("requirement__code", flat=True)
        )
        assert checked == expected
        assert set(task.items.filter(requirement=None).values_list("text", flat=True)) == {
            "营业执照亮照亮证情况",
            "进货查验记录",
        }
        assert operator.events.filter(kind="drawn").exists()
        assert operator.events.filter(kind="inspection", data__inspection=task.pk).exists()
        assert Notification.objects.filter(user_id__in=assignees).exists()


def test_a_draw_makes_its_tasks_once(county, office):
    plan = plan_for(office)
    services.freeze(office, plan)
    draw = services.run_draw(office, plan, "88", "福彩3D")
    count = Inspection.objects.filter(draw=draw).count()
    services.inspections_for_draw(office, draw, TODAY())
    assert Inspection.objects.filter(draw=draw).count() == count


def test_a_frozen_draw_runs_even_if_a_pooled_inspector_left_since(county, office):
    """Freezing promises the plan can be drawn: the tasks follow the published result."""
    _stations, _operators, inspectors = county
    plan = plan_for(office)
    services.freeze(office, plan)
    for inspector in inspectors:
        inspector.is_active = False
        inspector.save()
    draw = services.run_draw(office, plan, "77", "福彩3D")
    assert Inspection.objects.filter(draw=draw).count() == len(draw.result)


def test_a_draw_does_not_open_a_back_door_to_create_tasks(county, office, make_user):
    _stations, operators, inspectors = county
    plan = plan_for(office)
    services.freeze(office, plan)
    draw = services.run_draw(office, plan, "5", "福彩3D")
    row = draw.result[0]
    operator = next(o for o in operators if o.pk == row["operator"])
    by_pk = {i.pk: i for i in inspectors}
    with pytest.raises(PermissionDenied):
        services.create_inspection(
            make_user(Role.OPERATOR, operator=operator),
            operator,
            source=Inspection.Source.DRAW,
            inspectors=[by_pk[i] for i in row["inspectors"]],
            planned_on=TODAY(),
            draw=draw,
        )
    others = [i for i in inspectors if i.pk not in row["inspectors"]][:2]
    with pytest.raises(ValidationError):
        services.create_inspection(
            office,
            operator,
            source=Inspection.Source.DRAW,
            inspectors=others,
            planned_on=TODAY(),
            draw=draw,
        )


# --- creating a task -------------------------------------------------------------------------


def test_create_inspection_needs_two_or_more_inspectors(station_user, operator, inspectors):
    for team in ([], inspectors[:1], [inspectors[0], inspectors[0]]):
        with pytest.raises(ValidationError) as err:
            services.create_inspection(
                station_user,
                operator,
                source=Inspection.Source.TARGETED,
                inspectors=team,
                planned_on=TODAY(),
            )
        assert "inspectors" in err.value.message_dict


def test_create_inspection_assigns_only_active_inspectors(
    station_user, operator, inspectors, make_user
):
    retired = inspectors[1]
    retired.is_active = False
    retired.save()
    for team in (
        [inspectors[0], make_user(Role.STATION, station=station_user.station)],
        [inspectors[0], make_user(Role.OPERATOR)],
        [inspectors[0], retired],
    ):
        with pytest.raises(ValidationError):
            services.create_inspection(
                station_user,
                operator,
                source=Inspection.Source.TARGETED,
                inspectors=team,
                planned_on=TODAY(),
            )


def test_create_inspection_avoids_inspectors_with_a_declared_conflict(
    station_user, operator, inspectors
):
    services.declare_conflict(inspectors[0], operator, "配偶在该公司任职")
    assert ConflictOfInterest.objects.count() == 1
    with pytest.raises(ValidationError):
        services.create_inspection(
            station_user,
            operator,
            source=Inspection.Source.TARGETED,
            inspectors=inspectors,
            planned_on=TODAY(),
        )


def test_create_inspection_refuses_an_unknown_source(station_user, operator, inspectors):
    with pytest.raises(ValidationError):
        services.create_inspection(
            station_user, operator, source="whim", inspectors=inspectors, planned_on=TODAY()
        )


def test_create_inspection_refuses_a_pickup_point_of_another_operator(
    station_user, operator, inspectors, station
):
    area = operator.area
    theirs = OperatorFactory(area=area, group_buying=True)
    point = PickupPoint.objects.create(operator=theirs, name="别家自提点", address="x", area=area)
    with pytest.raises(ValidationError) as err:
        services.create_inspection(
            station_user,
            operator,
            source=Inspection.Source.TARGETED,
            inspectors=inspectors,
            planned_on=TODAY(),
            pickup_point=point,
        )
    assert "pickup_point" in err.value.message_dict
    own = PickupPoint.objects.create(operator=operator, name="本店自提点", address="y", area=area)
    task = services.create_inspection(
        station_user,
        operator,
        source=Inspection.Source.TARGETED,
        inspectors=inspectors,
        planned_on=TODAY(),
        pickup_point=own,
    )
    assert task.pickup_point == own


def test_a_station_cannot_create_a_task_for_another_stations_operator(
    make_user, operator, inspectors
):
    other_station = make_user(Role.STATION, station=StationFactory())
    with pytest.raises(PermissionDenied):
        services.create_inspection(
            other_station,
            operator,
            source=Inspection.Source.TARGETED,
            inspectors=inspectors,
            planned_on=TODAY(),
        )
    with pytest.raises(PermissionDenied):
        services.create_inspection(
            inspectors[0],
            operator,
            source=Inspection.Source.TARGETED,
            inspectors=inspectors,
            planned_on=TODAY(),
        )


def test_create_inspection_filters_items_to_the_operators_kind(task, guide):
    codes = set(task.items.exclude(requirement=None).values_list("requirement__code", flat=True))
    assert codes and all(code.startswith("LS-") for code in codes)
    assert codes == set(
        Requirement.objects.filter(area__guide=guide, kind="livestream").values_list(
            "code", flat=True
        )
    )
    assert task.items.filter(requirement=None, text="进货查验记录").exists()
    assert task.operator.events.filter(kind="inspection").exists()


# --- recording -------------------------------------------------------------------------------


def test_record_inspection_only_by_its_inspectors_or_the_responsible_regulator(
    task, inspectors, make_user, station_user, office, station
):
    other_task_inspector = make_user(Role.INSPECTOR, station=station)
    services.create_inspection(
        station_user,
        task.operator,
        source=Inspection.Source.TARGETED,
        inspectors=[other_task_inspector, make_user(Role.INSPECTOR, station=station)],
        planned_on=TODAY(),
    )
    for outsider in (
        other_task_inspector,
        make_user(Role.STATION, station=StationFactory()),
        make_user(Role.OPERATOR, operator=task.operator),
        make_user(Role.PARTNER),
    ):
        with pytest.raises(PermissionDenied):
            record(outsider, task)
    for insider in (inspectors[1], station_user, office):
        assert record(insider, task).status == Inspection.Status.RECORDED


def test_minor_and_serious_items_become_findings_with_severity_and_area(task, inspectors):
    minor, serious = item_of(task, "LS-Q1"), item_of(task, "LS-P1")
    clean = item_of(task, "LS-M1")
    free = task.items.get(requirement=None)
    record(
        inspectors[0],
        task,
        {
            minor.pk: ("minor", "营业执照未在直播间亮照"),
            serious.pk: ("serious", " 销售过期食品 "),
            clean.pk: ("compliant", ""),
            free.pk: ("minor", ""),
        },
    )
    findings = {f.inspection_item_id: f for f in Finding.objects.filter(inspection=task)}
    assert set(findings) == {minor.pk, serious.pk, free.pk}
    assert findings[minor.pk].severity == Finding.Severity.MINOR
    assert findings[minor.pk].area.code == "qualifications"
    assert findings[minor.pk].description == "营业执照未在直播间亮照"
    assert findings[serious.pk].severity == Finding.Severity.SERIOUS
    assert findings[serious.pk].area.code == "quality"
    assert findings[serious.pk].description == "销售过期食品"
    # A free-text item's problem is in the area the inspector chose (the helper chooses "site").
    assert findings[free.pk].area.code == "site" and findings[free.pk].description == "进货查验记录"
    assert all(f.found_on == TODAY() and f.source == "inspection" for f in findings.values())
    assert InspectionItem.objects.get(pk=clean.pk).result == "compliant"
    assert task.operator.events.filter(kind="finding").count() == 3


def test_recording_twice_does_not_duplicate_findings(task, inspectors):
    item = item_of(task, "LS-Q1")
    record(inspectors[0], task, {item.pk: ("minor", "未亮照")})
    yesterday = TODAY() - timedelta(days=1)
    record(inspectors[1], task, {item.pk: ("minor", "未亮照证")}, on=yesterday, conclusion="复核")
    finding = Finding.objects.get(inspection=task)
    assert finding.description == "未亮照证" and finding.found_on == yesterday
    assert task.operator.events.filter(kind="finding").count() == 1
    task.refresh_from_db()
    assert task.conclusion == "复核" and task.inspected_on == yesterday


def test_a_corrected_result_corrects_its_finding(task, inspectors):
    item = item_of(task, "LS-Q1")
    record(inspectors[0], task, {item.pk: ("minor", "未亮照")})
    record(inspectors[0], task, {item.pk: ("serious", "伪造营业执照")})
    finding = Finding.objects.get(inspection=task)
    assert finding.severity == "serious" and finding.description == "伪造营业执照"
    record(inspectors[0], task, {item.pk: ("compliant", "")})
    assert not Finding.objects.filter(inspection=task).exists()


def test_a_result_with_follow_up_cannot_be_changed(task, inspectors, station_user):
    item = item_of(task, "LS-Q1")
    record(inspectors[0], task, {item.pk: ("minor", "未亮照")})
    services.issue_order(station_user, Finding.objects.get(), "立即亮照")
    with pytest.raises(ValidationError):
        record(inspectors[0], task, {item.pk: ("compliant", "")})
    assert Finding.objects.get().severity == "minor"


def test_record_refuses_foreign_items_and_unknown_results(task, inspectors, station_user):
    other = services.create_inspection(
        station_user,
        task.operator,
        source=Inspection.Source.TARGETED,
        inspectors=inspectors,
        planned_on=TODAY(),
        free_items=["别的事项"],
    )
    foreign = other.items.get()
    for results in (
        {foreign.pk: ("minor", "x")},
        {item_of(task, "LS-Q1").pk: ("bad", "x")},
        {"not-a-number": ("minor", "x")},
    ):
        with pytest.raises(ValidationError):
            record(inspectors[0], task, results)
    with pytest.raises(ValidationError):
        record(inspectors[0], task, conclusion="  ")
    assert not Finding.objects.exists()


def test_inspected_on_in_the_future_is_refused(task, inspectors):
    with pytest.raises(ValidationError) as err:
        record(inspectors[0], task, on=TODAY() + timedelta(days=1))
    assert "inspected_on" in err.value.message_dict


def test_publish_due_is_20_working_days_on_the_holiday_calendar(task, inspectors):
    """Inspected the Friday before National Day 2024: the Golden Week and its make-up
    Sundays and Saturdays count as the State Council set them."""
    inspected = date(2024, 9, 27)
    record(inspectors[0], task, on=inspected)
    task.refresh_from_db()
    expected = workdays.WorkCalendar().add_working_days(inspected, 20)
    assert task.publish_due == expected.value == date(2024, 10, 30)
    assert not task.publish_due_provisional
    assert task.publish_due != date(2024, 10, 25)  # what a Monday–Friday count would give
    assert task.inspected_on == inspected
    assert task.publication_overdue(date(2024, 10, 31))
    assert not task.publication_overdue(date(2024, 10, 30))


def test_publish_due_is_provisional_across_into_a_year_without_holiday_data(
    task, inspectors, monkeypatch
):
    last_known = max(workdays.LIBRARY_YEARS)
    inspected = date(last_known, 12, 20)
    freeze_today(monkeypatch, date(last_known + 1, 1, 15))
    record(inspectors[0], task, on=inspected)
    task.refresh_from_db()
    assert task.publish_due.year == last_known + 1 and task.publish_due_provisional
    # Once the office enters that year, the same recording is no longer a guess.
    CalendarYear.objects.create(year=last_known + 1, source="国办发明电〔x〕x号")
    record(inspectors[0], task, on=inspected)
    task.refresh_from_db()
    assert not task.publish_due_provisional


def test_recording_acknowledgement_and_timeline(task, inspectors):
    record(inspectors[0], task, acknowledged_by=" 张经理 ", internal_note=" 内部 ")
    task.refresh_from_db()
    assert task.acknowledged_by == "张经理" and task.acknowledged_at is not None
    assert task.internal_note == "内部"
    assert task.operator.events.filter(kind="inspection", summary__contains="检查完毕").exists()


# --- evidence --------------------------------------------------------------------------------


def test_evidence_keeps_sha256_and_capture_time_apart_from_upload(task, inspectors):
    taken = timezone.now() - timedelta(hours=3)
    evidence = services.add_inspection_evidence(
        inspectors[0], task, SimpleUploadedFile("现场.PNG", PNG), captured_at=taken
    )
    evidence.refresh_from_db()
    assert evidence.sha256 == hashlib.sha256(PNG).hexdigest()
    assert evidence.captured_at == taken and evidence.uploaded_at > taken
    assert evidence.captured_by == inspectors[0]
    assert evidence.content_type == "image/png" and evidence.size == len(PNG)
    assert evidence.original_name == "现场.PNG" and evidence.file.name.endswith(".png")
    assert evidence.file.read() == PNG
    plain = services.add_inspection_evidence(inspectors[1], task, SimpleUploadedFile("b.png", PNG))
    assert plain.captured_at is not None


@pytest.mark.parametrize(
    "name, content",
    [
        ("fake.png", b"this is not a png at all"),
        ("script.exe", PNG),
        ("empty.png", b""),
        ("photo.jpg", PNG),
    ],
)
def test_bad_evidence_is_refused(task, inspectors, name, content):
    with pytest.raises(ValidationError):
        services.add_inspection_evidence(inspectors[0], task, SimpleUploadedFile(name, content))
    assert not task.evidence.exists()


def test_evidence_capture_time_in_the_future_and_outsiders_are_refused(
    task, inspectors, make_user, station
):
    with pytest.raises(ValidationError):
        services.add_inspection_evidence(
            inspectors[0],
            task,
            SimpleUploadedFile("a.png", PNG),
            captured_at=timezone.now() + timedelta(hours=1),
        )
    with pytest.raises(PermissionDenied):
        services.add_inspection_evidence(
            make_user(Role.INSPECTOR, station=station), task, SimpleUploadedFile("a.png", PNG)
        )


# --- publication -----------------------------------------------------------------------------


def test_publish_only_by_the_responsible_station_or_office_and_only_once_recorded(
    task, inspectors, station_user, office, make_user
):
    with pytest.raises(ValidationError):
        services.publish_inspection(station_user, task)  # planned, nothing recorded yet
    record(inspectors[0], task)
    for outsider in (
        inspectors[0],
        make_user(Role.STATION, station=StationFactory()),
        make_user(Role.OPERATOR, operator=task.operator),
    ):
        with pytest.raises(PermissionDenied):
            services.publish_inspection(outsider, task)
    services.publish_inspection(station_user, task)
    task.refresh_from_db()
    assert task.status == Inspection.Status.PUBLISHED and task.published_at is not None
    assert not task.publication_overdue(TODAY() + timedelta(days=365))
    with pytest.raises(ValidationError):
        services.publish_inspection(office, task)  # only once
    with pytest.raises(ValidationError):
        record(inspectors[0], task)  # a published result is final


def test_office_may_publish(task, inspectors, office):
    record(inspectors[0], task)
    assert services.publish_inspection(office, task).status == Inspection.Status.PUBLISHED


# --- contradictions with the self-inspection -------------------------------------------------


@pytest.fixture
def self_inspected(campaign, office, operator, station_user, make_user):
    """Returns declare(result of LS-Q1, accept=True): the operator's self-inspection."""
    programme.enrol(office, campaign, [operator], "livestream")
    enrolment = operator.enrolments.get()
    operator_user = make_user(Role.OPERATOR, operator=operator)

    def declare(result, status="accepted"):
        inspection = selfcheck.start(operator_user, enrolment)
        answers = {}
        for answer in inspection.answers.select_related("requirement"):
            chosen = result if answer.requirement.code == "LS-Q1" else Answer.Result.COMPLIANT
            answers[answer.pk] = {"result": chosen}
            if chosen == Answer.Result.NON_COMPLIANT:
                answers[answer.pk].update(plan="补办并亮照", target_date=TODAY() + timedelta(5))
        selfcheck.save_answers(operator_user, inspection, answers)
        if status in ("submitted", "accepted"):
            selfcheck.submit(operator_user, inspection)
        if status == "accepted":
            selfcheck.review(station_user, inspection, accept=True)
        return inspection

    return declare


def test_a_finding_in_an_item_declared_compliant_is_a_contradiction(
    self_inspected, task, inspectors
):
    self_inspected(Answer.Result.COMPLIANT)
    item = item_of(task, "LS-Q1")
    record(inspectors[0], task, {item.pk: ("minor", "未亮照")})
    contradiction = Contradiction.objects.get()
    finding = Finding.objects.get()
    assert contradiction.finding == finding and contradiction.operator == task.operator
    assert contradiction.answer.requirement.code == "LS-Q1"
    assert contradiction.recorded_on == finding.found_on
    event = task.operator.events.get(kind="contradiction")
    assert "LS-Q1" in event.summary and event.data["finding"] == finding.pk
    # Recording again keeps one contradiction.
    record(inspectors[0], task, {item.pk: ("minor", "未亮照")})
    assert Contradiction.objects.count() == 1


def test_no_contradiction_when_the_operator_declared_the_problem(self_inspected, task, inspectors):
    self_inspected(Answer.Result.NON_COMPLIANT)
    record(inspectors[0], task, {item_of(task, "LS-Q1").pk: ("minor", "未亮照")})
    assert Finding.objects.count() == 1
    assert not Contradiction.objects.exists()
    assert not task.operator.events.filter(kind="contradiction").exists()


def test_no_contradiction_from_a_draft_nobody_declared(self_inspected, task, inspectors):
    self_inspected(Answer.Result.COMPLIANT, status="draft")
    record(inspectors[0], task, {item_of(task, "LS-Q1").pk: ("minor", "未亮照")})
    assert not Contradiction.objects.exists()


def test_no_contradiction_from_another_requirement(self_inspected, task, inspectors):
    self_inspected(Answer.Result.NON_COMPLIANT)  # everything else declared compliant
    record(inspectors[0], task, {task.items.get(requirement=None).pk: ("minor", "无进货记录")})
    assert not Contradiction.objects.exists()


# --- samples ---------------------------------------------------------------------------------


def sample(user, operator, **kwargs):
    return services.record_sample(
        user,
        operator,
        product="土蜂蜜",
        place=Sample.Place.STUDIO,
        taken_on=TODAY(),
        testing_body="长兴县质量技术监督检测中心",
        batch="20260115",
        **kwargs,
    )


def test_a_failed_sample_needs_its_failed_items(station_user, operator, guide):
    with pytest.raises(ValidationError) as err:
        sample(station_user, operator, result=Sample.Result.FAIL)
    assert "failed_items" in err.value.message_dict
    assert not Sample.objects.exists()  # nothing half-recorded
    pending = sample(station_user, operator)
    with pytest.raises(ValidationError):
        services.set_sample_result(station_user, pending, Sample.Result.FAIL, " ")
    with pytest.raises(ValidationError):
        services.set_sample_result(station_user, pending, "maybe")


def test_a_failed_sample_is_a_serious_finding_in_product_quality(station_user, operator, guide):
    taken = sample(station_user, operator)
    assert taken.result == Sample.Result.PENDING and not Finding.objects.exists()
    services.set_sample_result(station_user, taken, Sample.Result.FAIL, "果糖和葡萄糖")
    finding = Finding.objects.get()
    assert finding.severity == Finding.Severity.SERIOUS
    assert finding.source == Finding.Source.SAMPLE and finding.sample == taken
    assert finding.area.code == "quality"
    assert "土蜂蜜" in finding.description and "果糖和葡萄糖" in finding.description
    assert operator.events.filter(kind="sample").exists()
    assert operator.events.filter(kind="finding").exists()


def test_a_sample_result_is_entered_once(station_user, operator, guide):
    failed = sample(station_user, operator, result=Sample.Result.FAIL, failed_items="菌落总数")
    with pytest.raises(ValidationError):
        services.set_sample_result(station_user, failed, Sample.Result.FAIL, "菌落总数")
    assert Finding.objects.count() == 1


def test_a_passed_sample_has_no_failed_items_and_no_finding(station_user, operator, guide):
    passed = sample(station_user, operator, result=Sample.Result.PASS, failed_items="菌落总数")
    passed.refresh_from_db()
    assert passed.result == "pass" and passed.failed_items == ""
    assert not Finding.objects.exists()


def test_samples_only_by_the_responsible_regulator(make_user, operator, inspectors, guide):
    for outsider in (make_user(Role.STATION, station=StationFactory()), inspectors[0]):
        with pytest.raises(PermissionDenied):
            sample(outsider, operator)


def test_a_sample_belongs_to_an_inspection_of_the_same_operator(
    station_user, operator, task, station
):
    other = OperatorFactory(area=operator.area)
    with pytest.raises(ValidationError):
        sample(station_user, other, inspection=task)
    assert sample(station_user, operator, inspection=task).inspection == task


def test_a_failed_sample_contradicts_a_quality_area_declared_compliant(
    self_inspected, station_user, operator
):
    self_inspected(Answer.Result.COMPLIANT)
    sample(station_user, operator, result=Sample.Result.FAIL, failed_items="菌落总数")
    codes = set(Contradiction.objects.values_list("answer__requirement__code", flat=True))
    assert codes and all(code.startswith("LS-P") for code in codes)


# --- who sees what ---------------------------------------------------------------------------


def test_an_inspector_sees_only_the_inspections_he_is_assigned_to(
    task, inspectors, make_user, station, station_user
):
    colleague = make_user(Role.INSPECTOR, station=station)
    other = services.create_inspection(
        station_user,
        task.operator,
        source=Inspection.Source.TARGETED,
        inspectors=[colleague, inspectors[0]],
        planned_on=TODAY(),
    )
    assert set(visible(inspectors[0], Inspection)) == {task, other}
    assert set(visible(inspectors[1], Inspection)) == {task}
    assert set(visible(colleague, Inspection)) == {other}
    assert set(visible(station_user, Inspection)) == {task, other}
    assert not visible(make_user(Role.STATION, station=StationFactory()), Inspection).exists()
    record(inspectors[1], task, {item_of(task, "LS-Q1").pk: ("minor", "未亮照")})
    assert visible(inspectors[1], Finding).count() == 1
    assert not visible(colleague, Finding).exists()


def test_a_partner_sees_only_joint_inspections_of_its_department(
    station_user, operator, inspectors, make_user
):
    police, culture = PartnerDepartmentFactory(), PartnerDepartmentFactory()
    joint = services.create_inspection(
        station_user,
        operator,
        source=Inspection.Source.TARGETED,
        inspectors=inspectors,
        planned_on=TODAY(),
        partner_departments=[police],
        free_items=["直播内容"],
    )
    alone = services.create_inspection(
        station_user,
        operator,
        source=Inspection.Source.TARGETED,
        inspectors=inspectors,
        planned_on=TODAY(),
        free_items=["直播内容"],
    )
    assert joint.is_joint and not alone.is_joint
    assert list(visible(make_user(Role.PARTNER, partner_department=police), Inspection)) == [joint]
    assert not visible(make_user(Role.PARTNER, partner_department=culture), Inspection).exists()
    record(inspectors[0], joint, {joint.items.get().pk: ("minor", "x")})
    record(inspectors[0], alone, {alone.items.get().pk: ("minor", "y")})
    partner = make_user(Role.PARTNER, partner_department=police)
    assert [f.inspection for f in visible(partner, Finding)] == [joint]


def test_an_operator_sees_its_own_inspections_and_findings_only(task, inspectors, make_user):
    record(inspectors[0], task, {item_of(task, "LS-Q1").pk: ("minor", "未亮照")})
    own = make_user(Role.OPERATOR, operator=task.operator)
    stranger = make_user(Role.OPERATOR)
    assert list(visible(own, Inspection)) == [task]
    assert visible(own, Finding).count() == 1
    assert not visible(stranger, Inspection).exists()
    assert not visible(stranger, Finding).exists()
