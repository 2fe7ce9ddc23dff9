"""Monitoring attribution (issue 12 item 2): each category maps to a requirement area in the
rule files (checked on load), a hit keeps its area, and a confirmed hit's finding and fact say
the area and the kind (the account's platform, the operator's only kind, else both)."""

import importlib
from pathlib import Path

import pytest
import yaml

from fangxin.core.facts import Window
from fangxin.monitoring import facts, rulelists, services
from fangxin.monitoring.rulelists import RuleListError
from fangxin.programme.guides import DEFAULT_GUIDE
from fangxin.registry.models import PlatformAccount
from fangxin.registry.tests.factories import OperatorFactory

from .conftest import srt_upload
from .test_monitoring_services import YESTERDAY, _scanned

hit_migration = importlib.import_module("fangxin.monitoring.migrations.0002_hit_area")

FILE = """\
category: {category}
name: 测试
{area}legal_basis: 测试依据
severity: minor
rules: [五元]
"""


def rule_file(category="extra", area="area: conduct\n"):
    return {"extra.yaml": FILE.format(category=category, area=area)}


# --- the rule files -----------------------------------------------------------------------------


def test_the_area_codes_are_the_work_guides():
    guide = yaml.safe_load(Path(DEFAULT_GUIDE).read_text(encoding="utf-8"))
    assert tuple(area["code"] for area in guide["areas"]) == rulelists.AREA_CODES


def test_every_shipped_category_names_its_area():
    shipped = rulelists.load_dir(strict=True)
    assert set(shipped.areas) == set(shipped.categories)
    assert set(shipped.areas.values()) <= set(rulelists.AREA_CODES)
    assert {r.area for r in shipped.rules} <= set(rulelists.AREA_CODES)
    # The map for versions stored before the key existed is what the files say now.
    assert dict(shipped.areas) == rulelists.LEGACY_CATEGORY_AREAS


def test_an_unknown_area_is_refused_with_the_reason():
    with pytest.raises(RuleListError) as caught:
        rulelists.parse(rule_file(area="area: other\n"))
    message = str(caught.value)
    assert message.startswith("extra.yaml:1") and "unknown area 'other'" in message
    assert "qualifications" in message  # names the areas one may use


def test_a_new_category_must_name_its_area():
    with pytest.raises(RuleListError) as caught:
        rulelists.parse(rule_file(area=""))
    assert "missing area" in str(caught.value)


def test_a_shipped_category_stored_without_its_area_gets_the_one_it_was_given():
    old = rulelists.parse(rule_file(category="price_fraud", area=""))
    assert old.areas == {"price_fraud": "conduct"} and old.rules[0].area == "conduct"
    with pytest.raises(RuleListError):  # but the shipped files themselves must say it
        rulelists.parse(rule_file(category="price_fraud", area=""), strict=True)


def test_the_migration_maps_old_hits_by_category():
    assert hit_migration.CATEGORY_AREAS == rulelists.LEGACY_CATEGORY_AREAS
    assert hit_migration.area_of("medical_claims") == "marketing"
    assert hit_migration.area_of("an_office_category") == "conduct"


# --- hits, findings and facts -------------------------------------------------------------------


@pytest.fixture
def both(db):
    return OperatorFactory(livestream=True, group_buying=True)


def confirm(monitor, material, term):
    return services.review(monitor, material.hits.get(term=term), confirm=True)


@pytest.mark.django_db
def test_a_hit_about_an_operator_of_both_kinds_counts_for_both(
    ruleset, monitor, both, django_capture_on_commit_callbacks
):
    material = _scanned(monitor, both, django_capture_on_commit_callbacks)
    hit = confirm(monitor, material, "降血糖")
    assert hit.area == "marketing"  # medical_claims → marketing
    assert (hit.finding.area.code, hit.finding.kind) == ("marketing", None)
    (fact,) = facts.confirmed_hits_for(both.pk, Window(YESTERDAY, YESTERDAY))
    assert (fact.area, fact.kind, fact.counts_for_both) == ("marketing", None, True)


@pytest.mark.django_db
def test_the_monitored_accounts_platform_gives_the_kind(
    ruleset, monitor, both, django_capture_on_commit_callbacks
):
    account = PlatformAccount.objects.create(operator=both, platform="meituan", handle="团")
    with django_capture_on_commit_callbacks(execute=True):
        material = services.upload(
            monitor,
            both,
            srt_upload(),
            stream_date=YESTERDAY,
            duration_minutes=60,
            account=account,
        )
    material.refresh_from_db()
    hit = confirm(monitor, material, "降血糖")
    assert hit.finding.kind == "group_buying"
    (fact,) = facts.confirmed_hits_for(both.pk, Window(YESTERDAY, YESTERDAY))
    assert (fact.kind, fact.counts_for("livestream")) == ("group_buying", False)


def test_the_finding_migration_maps_categories_as_the_rule_lists_do():
    fill = importlib.import_module("fangxin.supervision.migrations.0005_attribution_fill")
    assert fill.CATEGORY_AREAS == rulelists.LEGACY_CATEGORY_AREAS
