"""The office's results, rubric and ledger pages; the operator's own ledger; the API."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from fangxin.core.roles import Role
from fangxin.evaluation import services
from fangxin.evaluation.models import LedgerEntry, Rubric, Score
from fangxin.supervision.tests.test_facts import area, finding, sample, veto

pytestmark = pytest.mark.django_db

IN = date(2026, 7, 15)


@pytest.fixture
def scored(enrol, campaign_2026):
    """Three live-stream enrolments: one clean, one vetoed, one with a blocked area."""
    clean, vetoed, blocked = enrol(), enrol(), enrol()
    veto(vetoed.operator, IN)
    for _ in range(3):
        sample(blocked.operator, IN)
    finding(clean.operator, IN, area=area("conduct"))
    services.recompute_campaign_now(campaign_2026.pk)
    return clean, vetoed, blocked


def test_the_results_rank_and_say_why_each_fails(client, office, scored):
    clean, vetoed, _blocked = scored
    client.force_login(office)
    body = client.get("/evaluation/2026/?kind=livestream").content.decode()
    assert body.index(vetoed.operator.name) < body.index(clean.operator.name)  # 94.8 > 93.8
    assert "一票否决" in body
    assert "“商品质量过硬”得分触及底线" in body
    assert body.count("拟授牌") >= 2


def test_the_results_go_to_the_current_campaign(client, office, campaign_2026):
    client.force_login(office)
    assert client.get("/evaluation/").status_code == 302


def test_the_results_export_is_a_workbook(client, office, scored):
    client.force_login(office)
    answer = client.get("/evaluation/2026/results.xlsx")
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content)).active
    rows = list(sheet.values)
    assert rows[0][:5] == ("类型", "名次", "经营主体", "统一社会信用代码", "总分")
    assert len(rows) == 4
    assert {row[-3] for row in rows[1:]} == {"是", "否"}


@pytest.mark.parametrize("role", [Role.STATION, Role.EVALUATOR, Role.OPERATOR])
def test_only_the_office_sees_the_results(client, make_user, scored, role):
    client.force_login(make_user(role))
    assert client.get("/evaluation/2026/").status_code == 403
    assert client.get("/evaluation/2026/results.xlsx").status_code == 403
    assert client.post("/evaluation/2026/recompute/").status_code == 403


def test_the_office_recomputes_from_the_page(client, office, enrol):
    enrolment = enrol()
    client.force_login(office)
    assert client.post("/evaluation/2026/recompute/").status_code == 302
    assert Score.objects.filter(enrolment=enrolment).exists()


def test_the_what_if_changes_nothing(client, office, scored):
    client.force_login(office)
    before = list(Score.objects.values_list("published", "candidate"))
    weights = "&w_department=50&w_monitoring=20&w_industry=10&w_consumer=10&w_social=10"
    body = client.get(f"/evaluation/2026/what-if/?kind=livestream&threshold=95{weights}")
    assert "现行规则拟授牌 1 家；模拟规则拟授牌 0 家" in body.content.decode()
    assert list(Score.objects.values_list("published", "candidate")) == before
    wrong = client.get(
        "/evaluation/2026/what-if/?kind=livestream&threshold=85"
        + weights.replace("department=50", "department=60")
    )
    assert "应为 100 分" in wrong.content.decode()


# --- rubric pages -----------------------------------------------------------------------------


def test_the_office_edits_a_rubric_and_a_refusal_keeps_the_text(client, office, campaign_2026):
    client.force_login(office)
    page = client.get("/evaluation/2026/rubrics/livestream/edit/")
    text = page.context["form"]["text"].value()
    wrong = text.replace("threshold: 85", "threshold: 185")
    answer = client.post("/evaluation/2026/rubrics/livestream/edit/", {"text": wrong})
    body = answer.content.decode()
    assert answer.status_code == 200
    assert "达标分数线必须在 0 至 100 之间（现为 185）" in body
    assert "threshold: 185" in body
    assert Rubric.objects.filter(campaign=campaign_2026, kind="livestream").count() == 1
    answer = client.post(
        "/evaluation/2026/rubrics/livestream/edit/",
        {"text": text.replace("threshold: 85", "threshold: 88"), "note": "提高分数线"},
    )
    assert answer.status_code == 302
    assert services.current_rubric(campaign_2026, "livestream").parsed().threshold == 88


def test_everyone_reads_a_rubric_only_the_office_edits(client, make_user, campaign_2026):
    client.force_login(make_user(Role.OPERATOR))
    assert client.get("/evaluation/2026/rubrics/group_buying/").status_code == 200
    assert client.get("/evaluation/2026/rubrics/group_buying/edit/").status_code == 403
    assert client.get("/evaluation/2026/rubrics/other/").status_code == 404


# --- ledgers ----------------------------------------------------------------------------------


def test_the_operator_reads_its_own_ledger_in_words(client, make_user, scored):
    clean, vetoed, _ = scored
    client.force_login(make_user(Role.OPERATOR, operator=clean.operator))
    body = client.get(f"/evaluation/ledgers/{clean.pk}/").content.decode()
    assert "总分 93.8 分" in body
    assert "检查发现一般问题" in body
    assert "消费者评价不足，按细则默认分计" in body
    assert 'id="adjust-form"' not in body
    from fangxin.core import links
    from fangxin.supervision.models import Finding

    own = Finding.objects.get(operator=clean.operator)
    assert f'href="{links.url_for(own)}"' in body  # the operator may open its finding
    assert client.get(f"/evaluation/ledgers/{vetoed.pk}/").status_code == 404
    mine = client.get("/evaluation/mine/").content.decode()
    assert f"/evaluation/ledgers/{clean.pk}/" in mine
    assert f"/evaluation/ledgers/{vetoed.pk}/" not in mine


def test_the_vetoed_operator_sees_why(client, make_user, scored):
    _, vetoed, _ = scored
    client.force_login(make_user(Role.OPERATOR, operator=vetoed.operator))
    body = client.get(f"/evaluation/ledgers/{vetoed.pk}/").content.decode()
    assert "一票否决" in body and "未达到授牌条件" in body


def test_the_office_adjusts_on_the_ledger_page(client, office, scored):
    clean, _, _ = scored
    client.force_login(office)
    url = f"/evaluation/ledgers/{clean.pk}/adjust/"
    client.post(url, {"criterion": "industry.association", "points": "1", "reason": ""})
    assert not LedgerEntry.objects.filter(source="manual").exists()
    client.post(url, {"criterion": "industry.association", "points": "1", "reason": "协会补评"})
    assert Score.objects.get(enrolment=clean).published == Decimal("94.8")
    body = client.get(f"/evaluation/ledgers/{clean.pk}/").content.decode()
    assert "人工调整：协会补评" in body
    audit = client.get("/audit/").content.decode()
    assert "计分明细" in audit and "协会补评" in audit
    assert f"/evaluation/ledgers/{clean.pk}/" in audit


def test_an_operator_cannot_adjust_even_its_own(client, make_user, scored):
    clean, _, _ = scored
    client.force_login(make_user(Role.OPERATOR, operator=clean.operator))
    answer = client.post(
        f"/evaluation/ledgers/{clean.pk}/adjust/",
        {"criterion": "industry.association", "points": "5", "reason": "自评"},
    )
    assert answer.status_code == 403
    assert not LedgerEntry.objects.filter(source="manual").exists()


# --- API --------------------------------------------------------------------------------------


def test_the_api_gives_an_operator_only_its_own_ledger(client, make_user, scored):
    clean, vetoed, _ = scored
    client.force_login(make_user(Role.OPERATOR, operator=clean.operator))
    entries = client.get("/api/v1/evaluation/ledger-entries/?page_size=100").json()
    rows = entries.get("results", entries)
    assert rows and {row["enrolment"] for row in rows} == {clean.pk}
    other = LedgerEntry.objects.filter(enrolment=vetoed).first()
    assert client.get(f"/api/v1/evaluation/ledger-entries/{other.pk}/").status_code == 404
    results = client.get("/api/v1/evaluation/results/").json()
    rows = results.get("results", results)
    assert [row["enrolment"] for row in rows] == [clean.pk]
    assert client.get("/api/v1/evaluation/rubrics/").status_code == 200


def test_the_api_gives_the_office_every_result(client, office, scored):
    client.force_login(office)
    results = client.get("/api/v1/evaluation/results/?candidate=false").json()
    rows = results.get("results", results)
    assert len(rows) == 2 and all(not row["candidate"] for row in rows)
    assert {r["code"] for row in rows for r in row["reasons"]} >= {"veto", "blocked_area"}


def test_each_line_links_to_its_cause_where_the_reader_may_see_it(client, office, scored):
    from fangxin.core import links
    from fangxin.supervision.models import Finding

    clean, _, _ = scored
    source = Finding.objects.get(operator=clean.operator)
    url = links.url_for(source)
    assert url
    client.force_login(office)
    body = client.get(f"/evaluation/ledgers/{clean.pk}/").content.decode()
    assert f'href="{url}"' in body


def test_the_home_page_shows_the_candidates_and_the_operators_score(client, make_user, scored):
    from django.utils import timezone

    clean, _, _ = scored
    if timezone.localdate().year != 2026:
        pytest.skip("the 2026 campaign is current only in 2026")
    client.force_login(make_user(Role.OFFICE))
    assert "2026年度拟授牌" in client.get("/desk/").content.decode()
    client.force_login(make_user(Role.OPERATOR, operator=clean.operator))
    body = client.get("/desk/").content.decode()
    assert "2026年度评价得分" in body and f"/evaluation/ledgers/{clean.pk}/" in body


def test_the_results_show_the_score_distribution(client, office, scored):
    client.force_login(office)
    page = client.get("/evaluation/2026/?kind=livestream")
    bands = {b["label"]: b["count"] for b in page.context["rankings"][0]["distribution"]}
    assert bands["90–95"] == 2 and bands["80–85"] == 1
    assert 'id="distribution-livestream"' in page.content.decode()


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.ASSOCIATION, Role.MONITOR])
def test_outside_roles_read_no_ledger_yet(client, make_user, scored, role):
    clean, _, _ = scored
    client.force_login(make_user(role))
    assert client.get(f"/evaluation/ledgers/{clean.pk}/").status_code in {403, 404}
    rows = client.get("/api/v1/evaluation/ledger-entries/").json()
    assert rows.get("results", rows) == []


def test_the_association_scores_on_its_page_and_a_refusal_keeps_what_was_typed(
    client, make_user, scored, monkeypatch
):
    from fangxin.programme.models import Phase

    clean, vetoed, _ = scored
    today = Phase.objects.get(campaign=clean.campaign, code="evaluation").starts_on
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: today)
    client.force_login(make_user(Role.ASSOCIATION))
    page = client.get("/evaluation/2026/industry/").content.decode()
    assert clean.operator.name in page
    answer = client.post(
        "/evaluation/2026/industry/", {f"score-{clean.pk}": "9", f"score-{vetoed.pk}": "12"}
    )
    body = answer.content.decode()
    assert "须在 0 至 10 分之间" in body and 'value="12"' in body
    assert not LedgerEntry.objects.filter(source="association").exists()
    answer = client.post("/evaluation/2026/industry/", {f"score-{clean.pk}": "9"})
    assert answer.status_code == 302
    assert Score.objects.get(enrolment=clean).published == Decimal("94.8")
    ledger = client.get(f"/evaluation/ledgers/{clean.pk}/")
    assert ledger.status_code == 403  # the association enters scores; it reads no ledger


def test_the_industry_page_is_the_associations(client, make_user, campaign_2026):
    client.force_login(make_user(Role.STATION))
    assert client.get("/evaluation/2026/industry/").status_code == 403


def _sheet(rows):
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "scores.xlsx"
    return buffer


def test_the_association_imports_scores_with_a_dry_run(client, make_user, scored, monkeypatch):
    from fangxin.programme.models import Phase

    clean, vetoed, blocked = scored
    today = Phase.objects.get(campaign=clean.campaign, code="evaluation").starts_on
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: today)
    client.force_login(make_user(Role.ASSOCIATION))
    template = client.get("/evaluation/2026/industry/template.xlsx")
    rows = list(load_workbook(io.BytesIO(template.content)).active.values)
    assert rows[0] == ("统一社会信用代码", "经营主体名称", "类型", "评分")
    assert len(rows) == 4
    url = "/evaluation/2026/industry/import/"
    good = [["统一社会信用代码", "评分"], [clean.operator.uscc, 9], [vetoed.operator.uscc, 6]]
    answer = client.post(url, {"file": _sheet(good), "dry_run": "1"}, follow=True)
    assert "检查通过：2 行可以导入（未保存）" in answer.content.decode()
    assert not LedgerEntry.objects.filter(source="association").exists()
    bad = [
        ["统一社会信用代码", "评分"],
        [clean.operator.uscc, 9],
        ["91330522MA0000000X", 8],
        [blocked.operator.uscc, 15],
    ]
    body = client.post(url, {"file": _sheet(bad)}, follow=True).content.decode()
    assert "第 3 行：统一社会信用代码 91330522MA0000000X 不在本年度培育对象名单中" in body
    assert not LedgerEntry.objects.filter(source="association").exists()
    no_score = [["统一社会信用代码", "名称"], [clean.operator.uscc, "x"]]
    body = client.post(url, {"file": _sheet(no_score)}, follow=True).content.decode()
    assert "表头缺少列：评分" in body
    client.post(url, {"file": _sheet(good)})
    assert LedgerEntry.objects.filter(source="association").count() == 2
    assert Score.objects.get(enrolment=clean).published == Decimal("94.8")


def test_scoring_from_the_stored_ledger_agrees_with_the_scores(scored):
    clean = scored[0]
    results = services.evaluate_ledgers(clean.campaign, "livestream")
    for score in Score.objects.all():
        result = results[score.enrolment_id]
        assert (result.published, result.candidate) == (score.published, score.candidate)
        assert [r.code for r in result.reasons] == [r["code"] for r in score.reasons]
