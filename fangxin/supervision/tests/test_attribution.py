"""Attribution (issue 12 item 2): every finding and sample says which operator kind and which
requirement area it counts against; the inspector chooses where nothing says; the migration
fills old rows by a written rule."""

import importlib
from datetime import date

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from fangxin.core.facts import Window
from fangxin.core.roles import Role
from fangxin.core.tests.factories import AreaFactory, PartnerDepartmentFactory, StationFactory
from fangxin.programme import guides
from fangxin.programme.models import Requirement, RequirementArea
from fangxin.registry.models import PickupPoint
from fangxin.registry.tests.factories import OperatorFactory
from fangxin.supervision import attribution, facts, services
from fangxin.supervision.models import Finding, Inspection, Sample

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
fill_migration = importlib.import_module("fangxin.supervision.migrations.0005_attribution_fill")


@pytest.fixture
def guide(db):
    return guides.load()


@pytest.fixture
def station(db):
    return StationFactory()


@pytest.fixture
def station_user(make_user, station):
    return make_user(Role.STATION, station=station)


@pytest.fixture
def inspectors(make_user, station):
    return [make_user(Role.INSPECTOR, station=station) for _ in range(2)]


@pytest.fixture
def both(station):
    """An operator doing both kinds: two enrolments, scored apart."""
    return OperatorFactory(area=AreaFactory(station=station), livestream=True, group_buying=True)


def inspect(user, operator, guide, *, pickup_point=None, requirements=None):
    return services.create_inspection(
        user,
        operator,
        source=Inspection.Source.TARGETED,
        inspectors=list(user._meta.model.objects.filter(role=Role.INSPECTOR, station=user.station)),
        planned_on=TODAY(),
        requirements=requirements if requirements is not None else Requirement.objects.none(),
        free_items=["直播间宣传用语"],
        pickup_point=pickup_point,
    )


def record(user, inspection, results, **kwargs):
    return services.record_inspection(
        user, inspection, inspected_on=TODAY(), results=results, conclusion="检查完毕", **kwargs
    )


def free_item(inspection):
    return inspection.items.get(requirement=None)


# --- the derivation, pure ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("evidence", "kind"),
    [
        ({"requirement_kind": "group_buying"}, "group_buying"),  # the inspected item
        ({"pickup_point": True}, "group_buying"),
        ({"studio": True}, "livestream"),
        ({"sample_place": "studio"}, "livestream"),
        ({"sample_place": "pickup_point"}, "group_buying"),
        ({"platform": "douyin"}, "livestream"),  # the account
        ({"platform": "meituan"}, "group_buying"),
        ({"platform": "jd"}, None),  # sells both ways: says nothing
        ({"sample_place": "warehouse"}, None),
        ({}, None),  # nothing says: counts for both
    ],
)
def test_the_kind_of_an_operator_of_both_kinds_comes_from_the_evidence(evidence, kind):
    assert attribution.derive_kind(livestream=True, group_buying=True, **evidence) == kind


def test_an_operator_of_one_kind_gives_its_kind():
    assert attribution.derive_kind(livestream=False, group_buying=True) == "group_buying"
    assert attribution.derive_kind(livestream=True, group_buying=False) == "livestream"


# --- findings from inspections -------------------------------------------------------------


def test_an_item_of_the_guide_gives_its_kind_and_area(inspectors, station_user, both, guide):
    requirement = Requirement.objects.filter(area__guide=guide, kind="group_buying").first()
    inspection = inspect(
        station_user, both, guide, requirements=Requirement.objects.filter(pk=requirement.pk)
    )
    item = inspection.items.get(requirement=requirement)
    record(station_user, inspection, {item.pk: ("minor", "未公示")})
    finding = Finding.objects.get(inspection_item=item)
    assert (finding.kind, finding.area.code) == ("group_buying", requirement.area.code)


def test_a_free_text_problem_needs_its_area_chosen(inspectors, station_user, both, guide):
    inspection = inspect(station_user, both, guide)
    with pytest.raises(ValidationError) as err:
        record(station_user, inspection, {free_item(inspection).pk: ("minor", "绝对化用语")})
    assert "areas" in err.value.message_dict
    assert not Finding.objects.exists()


def test_the_inspector_chooses_the_kind_when_it_cannot_be_derived(
    inspectors, station_user, both, guide
):
    inspection = inspect(station_user, both, guide)
    item = free_item(inspection)
    results = {item.pk: ("minor", "绝对化用语")}
    with pytest.raises(ValidationError) as err:
        record(station_user, inspection, results, areas={item.pk: "marketing"})
    assert "kind" in err.value.message_dict
    with pytest.raises(ValidationError):  # a choice that is no kind is refused
        services.create_finding(
            station_user,
            both,
            source=Finding.Source.INSPECTION,
            description="x",
            severity="minor",
            found_on=TODAY(),
            area_code="conduct",
            kind="nonsense",
            kind_required=True,
        )
    record(station_user, inspection, results, areas={item.pk: "marketing"}, kind="livestream")
    finding = Finding.objects.get(inspection_item=item)
    assert (finding.kind, finding.area.code) == ("livestream", "marketing")


def test_a_pickup_point_inspection_gives_group_buying(inspectors, station_user, both, guide):
    point = PickupPoint.objects.create(
        operator=both, name="一号自提点", address="x", area=both.area
    )
    inspection = inspect(station_user, both, guide, pickup_point=point)
    item = free_item(inspection)
    record(station_user, inspection, {item.pk: ("minor", "冷链")}, areas={item.pk: "site"})
    assert Finding.objects.get(inspection_item=item).kind == "group_buying"


def test_an_operator_of_one_kind_needs_no_choice(inspectors, station_user, station, guide):
    operator = OperatorFactory(area=AreaFactory(station=station), livestream=True)
    inspection = inspect(station_user, operator, guide)
    item = free_item(inspection)
    record(station_user, inspection, {item.pk: ("minor", "x")}, areas={item.pk: "conduct"})
    assert Finding.objects.get(inspection_item=item).kind == "livestream"


def test_a_partner_chooses_the_area(inspectors, make_user, station_user, both, guide):
    department = PartnerDepartmentFactory()
    partner = make_user(Role.PARTNER, partner_department=department)
    inspection = inspect(station_user, both, guide)
    inspection.partner_departments.add(department)
    record(station_user, inspection, {})
    with pytest.raises(ValidationError) as err:
        services.add_partner_finding(partner, inspection, "消防通道堵塞", "minor")
    assert "area" in err.value.message_dict
    finding = services.add_partner_finding(
        partner, inspection, "消防通道堵塞", "minor", area_code="site", kind="group_buying"
    )
    assert (finding.area.code, finding.kind) == ("site", "group_buying")


def test_an_unknown_area_code_is_refused(station_user, both, guide):
    with pytest.raises(ValidationError) as err:
        services.create_finding(
            station_user,
            both,
            source=Finding.Source.INSPECTION,
            description="x",
            severity="minor",
            found_on=TODAY(),
            area_code="nowhere",
        )
    assert "area" in err.value.message_dict


# --- samples ---------------------------------------------------------------------------------


def sample(user, operator, place, **kwargs):
    return services.record_sample(
        user,
        operator,
        product="土蜂蜜",
        place=place,
        taken_on=TODAY(),
        testing_body="长兴县质量技术监督检测中心",
        **kwargs,
    )


def test_a_sample_takes_its_kind_from_the_place_and_counts_in_quality(station_user, both, guide):
    taken = sample(station_user, both, Sample.Place.STUDIO)
    assert (taken.kind, taken.area.code) == ("livestream", "quality")
    assert sample(station_user, both, Sample.Place.PICKUP_POINT).kind == "group_buying"


def test_a_sample_elsewhere_needs_the_kind_chosen_and_may_choose_its_area(
    station_user, both, guide
):
    with pytest.raises(ValidationError) as err:
        sample(station_user, both, Sample.Place.WAREHOUSE)
    assert "kind" in err.value.message_dict
    assert not Sample.objects.exists()
    taken = sample(
        station_user,
        both,
        Sample.Place.WAREHOUSE,
        kind="group_buying",
        area_code="labelling",
        result=Sample.Result.FAIL,
        failed_items="标签",
    )
    assert (taken.kind, taken.area.code) == ("group_buying", "labelling")
    finding = Finding.objects.get(sample=taken)  # the failure's finding follows the sample
    assert (finding.kind, finding.area.code) == ("group_buying", "labelling")
    (fact,) = facts.samples_for(both.pk, Window(TODAY(), TODAY()))
    assert (fact.kind, fact.area, fact.counts_for_both) == ("group_buying", "labelling", False)


# --- the migration's rule (0005), called directly ----------------------------------------------


@pytest.mark.parametrize(
    ("given", "area"),
    [
        ({"item_area": "site", "hit_category": "labelling"}, "site"),
        ({"sample_area": "quality"}, "quality"),
        ({"hit_category": "medical_claims"}, "marketing"),
        ({"hit_category": "price_fraud"}, "conduct"),
        ({"complaint_category": "personal_info"}, "consumer_rights"),
        ({"complaint_category": "delivery"}, "after_sales"),
        ({}, "conduct"),  # nothing says: the documented default
    ],
)
def test_the_migration_finds_the_area_of_an_old_finding(given, area):
    assert fill_migration.finding_area_code(**given) == area


def test_the_migration_maps_are_the_live_ones():
    # The monitoring category map is checked in monitoring's tests (supervision sits below).
    assert fill_migration.COMPLAINT_CATEGORY_AREAS == attribution.COMPLAINT_CATEGORY_AREAS
    assert fill_migration.PLATFORM_KINDS == attribution.PLATFORM_KINDS
    assert fill_migration.DEFAULT_AREA == attribution.DEFAULT_AREA


def test_the_migration_fills_the_kind_of_old_findings(station, guide):
    conduct = RequirementArea.objects.get(guide=guide, code="conduct")
    single = OperatorFactory(area=AreaFactory(station=station), livestream=False, group_buying=True)
    both = OperatorFactory(area=AreaFactory(station=station), livestream=True, group_buying=True)
    point = PickupPoint.objects.create(operator=both, name="点", address="x", area=both.area)

    def old(operator, **fields):
        return Finding.objects.create(
            operator=operator,
            source=Finding.Source.INSPECTION,
            description="旧问题",
            severity="minor",
            found_on=date(2025, 5, 1),
            area=conduct,
            **fields,
        )

    of_single, at_point, unknown = old(single), old(both, pickup_point=point), old(both)
    fill_migration.fill(django_apps, None)
    got = dict(Finding.objects.values_list("pk", "kind"))
    assert got == {of_single.pk: "group_buying", at_point.pk: "group_buying", unknown.pk: None}


def test_findings_say_when_they_count_for_both(client, station_user, both, guide):
    finding = services.create_finding(
        station_user,
        both,
        source=Finding.Source.COMPLAINT,
        description="投诉反映虚假宣传",
        severity="minor",
        found_on=TODAY(),
        area_code="marketing",
    )
    (fact,) = facts.findings_for(both.pk, Window(TODAY(), TODAY()))
    assert fact.ref.pk == finding.pk and (fact.area, fact.kind) == ("marketing", None)
    assert (
        fact.counts_for_both and fact.counts_for("livestream") and fact.counts_for("group_buying")
    )
    client.force_login(station_user)
    page = client.get(reverse("supervision:finding-detail", args=[finding.pk])).content.decode()
    assert "直播营销和社区团购均计入" in page


# --- the inspector's page ---------------------------------------------------------------------


def test_the_record_page_asks_for_the_area_and_kind_of_free_text_problems(
    client, inspectors, station_user, both, guide
):
    inspection = inspect(station_user, both, guide)
    item = free_item(inspection)
    client.force_login(inspectors[0])
    url = f"/supervision/inspections/{inspection.pk}/"
    page = client.get(url).content.decode()
    assert f'name="area-{item.pk}"' in page and 'name="operator_kind"' in page
    assert "请选择" in page and "营销宣传真实" in page
    form = {
        "inspected_on": TODAY().isoformat(),
        "conclusion": "发现问题",
        f"result-{item.pk}": "minor",
        f"note-{item.pk}": "使用绝对化用语",
    }
    refused = client.post(url, form, follow=True)
    assert not Finding.objects.exists()
    assert "选择问题所属的要求方面" in refused.content.decode()
    client.post(url, {**form, f"area-{item.pk}": "marketing", "operator_kind": "livestream"})
    finding = Finding.objects.get(inspection_item=item)
    assert (finding.area.code, finding.kind) == ("marketing", "livestream")


def test_the_operator_file_records_a_sample_with_its_area_and_kind(
    client, station_user, both, guide
):
    client.force_login(station_user)
    url = f"/supervision/operators/{both.pk}/"
    page = client.get(url).content.decode()
    assert 'name="area"' in page and 'name="operator_kind"' in page
    client.post(
        url,
        {
            "action": "sample",
            "product": "笋干",
            "place": "warehouse",
            "taken_on": TODAY().isoformat(),
            "testing_body": "长兴县检测中心",
            "area": "labelling",
            "operator_kind": "group_buying",
        },
    )
    taken = Sample.objects.get()
    assert (taken.area.code, taken.kind) == ("labelling", "group_buying")


# --- the migrations, both ways, on this database -------------------------------------------------

BEFORE = [("supervision", "0003_case_decide_filing_provisional"), ("monitoring", "0001_initial")]
AFTER = [("supervision", "0006_attribution_required"), ("monitoring", "0002_hit_area")]


def test_the_migrations_fill_old_rows_and_reverse(station, migrate_to):
    guide = guides.load()
    single = OperatorFactory(area=AreaFactory(station=station), livestream=True)
    both = OperatorFactory(area=AreaFactory(station=station), livestream=True, group_buying=True)
    old = migrate_to(BEFORE)
    OldFinding = old.get_model("supervision", "Finding")
    OldSample = old.get_model("supervision", "Sample")

    def finding(operator_id, **fields):
        fields.setdefault("source", "inspection")
        return OldFinding.objects.create(
            operator_id=operator_id,
            description="旧问题",
            severity="minor",
            found_on=date(2025, 5, 1),
            **fields,
        ).pk

    sample = OldSample.objects.create(
        operator_id=both.pk,
        product="土蜂蜜",
        place="pickup_point",
        taken_on=date(2025, 5, 1),
        testing_body="检测中心",
        result="fail",
    )
    plain = finding(single.pk)
    from_sample = finding(both.pk, source="sample", sample_id=sample.pk)
    unknown = finding(both.pk)
    site = RequirementArea.objects.get(guide=guide, code="site")
    kept = finding(both.pk, area_id=site.pk)

    migrate_to(AFTER)
    got = {
        f.pk: (f.area.code, f.kind)
        for f in Finding.objects.select_related("area").filter(
            pk__in=[plain, from_sample, unknown, kept]
        )
    }
    assert got == {
        plain: ("conduct", "livestream"),  # nothing says the area: the documented default
        from_sample: ("quality", "group_buying"),  # the sample's area and place
        unknown: ("conduct", None),  # both kinds, nothing says which: counts for both
        kept: ("site", None),
    }
    taken = Sample.objects.select_related("area").get(pk=sample.pk)
    assert (taken.area.code, taken.kind) == ("quality", "group_buying")

    migrate_to(BEFORE)  # reversible: the columns go, the rows stay
    assert OldFinding.objects.count() == 4
    migrate_to(AFTER)
    assert Finding.objects.filter(area__isnull=True).count() == 0
