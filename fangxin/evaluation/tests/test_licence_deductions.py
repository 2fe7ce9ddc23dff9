"""Licence-display checks (亮照亮证检查) in the score: the rubric's ``licence_check`` rule turns
each failed check of the window into a deduction from monitoring.licence_display (less for a
licence shown in part), capped at the criterion; passed checks, checks outside the window and
checks of the other kind's account cost nothing; the ledger says which check it was and links
the office to it."""

from datetime import date
from decimal import Decimal

import pytest
import yaml

from fangxin.core import links
from fangxin.core.roles import Role
from fangxin.evaluation import rubric, services
from fangxin.evaluation.models import LedgerEntry, Score
from fangxin.monitoring.models import LicenceCheck
from fangxin.registry.models import PlatformAccount
from fangxin.registry.tests.factories import OperatorFactory, PlatformAccountFactory

pytestmark = pytest.mark.django_db

IN = date(2026, 7, 15)  # inside the window (1 June – 30 November 2026)
OUT = date(2026, 12, 20)
FULL = Decimal("94.8")  # every default, no deduction (see test_services)
R = LicenceCheck.Result


def check(operator, result=R.MISSING, on=IN, account=None):
    return LicenceCheck.objects.create(
        operator=operator,
        account=account,
        storefront="" if account else "长兴好物小店",
        checked_on=on,
        result=result,
        note="" if result == R.DISPLAYED else "未公示营业执照",
    )


def score_of(enrolment) -> Score:
    services.recompute_campaign_now(enrolment.campaign_id)
    return Score.objects.get(enrolment=enrolment)


def licence(score) -> Decimal:
    return Decimal(score.criteria["monitoring.licence_display"]["score"])


def test_the_shipped_rubrics_deduct_failed_licence_checks():
    for kind in rubric.KINDS:
        parsed = rubric.parse(yaml.safe_load(rubric.default_text(kind)))
        (rule,) = [r for r in parsed.deductions if r.fact == "licence_check"]
        assert (rule.dimension, rule.criterion) == ("monitoring", "licence_display")
        assert (rule.points, rule.points_partial) == (Decimal(2), Decimal(1))


def test_a_failed_check_deducts_and_a_partial_one_less(enrol):
    enrolment = enrol()
    missing = check(enrolment.operator)
    partial = check(enrolment.operator, R.PARTIAL)
    check(enrolment.operator, R.DISPLAYED)
    score = score_of(enrolment)
    assert licence(score) == Decimal(4) - 2 - 1
    assert score.published == FULL - 3
    lines = LedgerEntry.objects.filter(enrolment=enrolment, source="licence_check")
    assert {(e.fact_label, e.fact_pk, e.points) for e in lines} == {
        ("monitoring.licencecheck", missing.pk, Decimal(-2)),
        ("monitoring.licencecheck", partial.pk, Decimal(-1)),
    }
    assert {e.detail["result"] for e in lines} == {"missing", "partial"}


def test_the_deduction_is_capped_at_the_criterion(enrol):
    enrolment = enrol()
    for _ in range(3):
        check(enrolment.operator)  # 3 × 2 = 6 of 4 points
    score = score_of(enrolment)
    assert licence(score) == 0
    assert Decimal(score.criteria["monitoring.licence_display"]["raw"]) == -2
    assert score.published == FULL - 4  # never more than the criterion's points
    assert Decimal(score.dimensions["monitoring"]) == 16


def test_checks_outside_the_window_or_of_the_other_kind_cost_nothing(enrol):
    both = OperatorFactory(livestream=True, group_buying=True)
    livestream, group_buying = enrol(both), enrol(both, kind="group_buying")
    check(both, on=OUT)
    douyin = PlatformAccountFactory(operator=both, platform=PlatformAccount.Platform.DOUYIN)
    check(both, account=douyin)  # a live-stream account: the live-stream enrolment only
    check(both, R.PARTIAL)  # no account: counts for both enrolments
    services.recompute_campaign_now(livestream.campaign_id)
    assert licence(Score.objects.get(enrolment=livestream)) == 4 - 2 - 1
    assert licence(Score.objects.get(enrolment=group_buying)) == 4 - 1


def test_a_rule_with_points_partial_on_another_fact_is_refused():
    body = yaml.safe_load(rubric.default_text("livestream"))
    body["deductions"].append(
        {"fact": "case", "dimension": "monitoring", "criterion": "sampling", "points_partial": 1}
    )
    body["deductions"].append(
        {
            "fact": "licence_check",
            "dimension": "monitoring",
            "criterion": "licence_display",
            "points": 1,
            "points_partial": -1,
        }
    )
    with pytest.raises(rubric.RubricError) as refused:
        rubric.parse(body)
    codes = [p.code for p in refused.value.problems]
    assert "rule_option" in codes and "bad_number" in codes
    assert "licence_check" in rubric.FACT_TYPES


def test_the_ledger_says_which_check_and_links_the_office_to_it(client, office, enrol):
    enrolment = enrol()
    failed = check(enrolment.operator, R.PARTIAL)
    score_of(enrolment)
    client.force_login(office)
    body = client.get(f"/evaluation/ledgers/{enrolment.pk}/").content.decode()
    assert "2026-07-15 第三方监测检查“长兴好物小店”：部分亮照亮证" in body
    url = links.url_for(failed)
    assert url.endswith(f"#check-{failed.pk}")
    assert f'href="{url}"'.replace("&", "&amp;") in body or f'href="{url}"' in body
    listed = client.get(url.split("#")[0]).content.decode()
    assert f'id="check-{failed.pk}"' in listed


def test_the_operator_reads_the_check_in_words(client, make_user, enrol):
    enrolment = enrol()
    check(enrolment.operator)
    score_of(enrolment)
    client.force_login(make_user(Role.OPERATOR, operator=enrolment.operator))
    body = client.get(f"/evaluation/ledgers/{enrolment.pk}/").content.decode()
    assert "第三方监测检查“长兴好物小店”：未亮照亮证" in body
    assert "/monitoring/licence-checks/" not in body  # a page it may not open


def test_a_panel_member_sees_the_checks_beside_his_sheet(office, enrol):
    from fangxin.evaluation import panel_facts

    enrolment = enrol()
    failed = check(enrolment.operator, R.PARTIAL)
    parsed = services.current_rubric(enrolment.campaign, enrolment.kind).parsed()
    items = panel_facts.operator_facts(office, enrolment, parsed)
    (item,) = [i for i in items if i.group == "亮照亮证检查"]
    assert item.key == f"monitoring.licencecheck:{failed.pk}"
    assert item.text == "2026-07-15 检查“长兴好物小店”：部分亮照亮证"
    assert item.area == "准入资质合规" and item.url == links.url_for(failed)
