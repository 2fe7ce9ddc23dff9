"""The panels' pages and API: the office forms panels and assigns; a member scores with the
operator's facts beside the form; everyone else is turned away."""

import threading
from datetime import date

import pytest
from django.db import connection
from django.utils import timezone

from fangxin.core.roles import Role
from fangxin.evaluation import panels, services
from fangxin.evaluation.models import Panel, PanelAssignment, PanelScore, Score
from fangxin.supervision.models import ConflictOfInterest
from fangxin.supervision.tests.test_facts import area, finding

pytestmark = pytest.mark.django_db

IN = date(2026, 7, 15)
IN_EVALUATION = date(2026, 10, 15)
CRITERIA = ("qualifications", "conduct", "site", "quality", "marketing", "labelling")
CRITERIA += ("consumer_rights", "after_sales")


@pytest.fixture
def evaluation_day(monkeypatch):
    """Today is inside the 2026 evaluation phase."""
    real = timezone.localdate

    def localdate(value=None, *args, **kwargs):
        return IN_EVALUATION if value is None else real(value, *args, **kwargs)

    monkeypatch.setattr(timezone, "localdate", localdate)


@pytest.fixture
def setup(office, make_user, enrol):
    enrolment = enrol()
    finding(enrolment.operator, IN, area=area("conduct"))
    services.recompute_enrolment(enrolment)
    member = make_user(Role.EVALUATOR, first_name="", last_name="", username="judge")
    conflicted = make_user(Role.PARTNER, first_name="", last_name="", username="adviser")
    ConflictOfInterest.objects.create(
        inspector=conflicted, operator=enrolment.operator, reason="亲属"
    )
    panel = panels.create_panel(office, enrolment.campaign, "第一考评组", member)
    panels.add_member(office, panel, conflicted)
    panels.assign(office, panel, enrolment_ids=[enrolment.pk])
    return panel, enrolment, member, conflicted


def form(**overrides):
    data = {f"points-{code}": "4" for code in CRITERIA}
    data.update(overrides)
    return data


def test_the_office_forms_a_panel_and_assigns_by_kind(client, office, make_user, enrol):
    enrolment = enrol()
    evaluator = make_user(Role.EVALUATOR, username="judge")
    client.force_login(office)
    answer = client.post(
        "/evaluation/2026/panels/new/", {"name": "第二考评组", "leader": evaluator.pk}
    )
    assert answer.status_code == 302
    panel = Panel.objects.get(name="第二考评组")
    assert (
        client.post(
            f"/evaluation/panels/{panel.pk}/assign/",
            {f"a{panel.pk}-by": "kind", f"a{panel.pk}-kind": "livestream"},
        ).status_code
        == 302
    )
    assert PanelAssignment.objects.get(enrolment=enrolment).panel == panel
    body = client.get("/evaluation/2026/panels/").content.decode()
    assert "第二考评组" in body and enrolment.operator.name in body
    assert "---------" not in body, "an empty choice reads 请选择"


def test_the_office_page_says_who_is_left_out(client, office, setup):
    client.force_login(office)
    body = client.get("/evaluation/2026/panels/").content.decode()
    assert "adviser 已申报回避，不参与评分" in body


@pytest.mark.parametrize("role", [Role.STATION, Role.EVALUATOR, Role.OPERATOR, Role.PARTNER])
def test_only_the_office_manages_panels(client, make_user, setup, role):
    panel = setup[0]
    client.force_login(make_user(role))
    assert client.get("/evaluation/2026/panels/").status_code == 403
    assert client.post("/evaluation/2026/panels/new/", {"name": "x"}).status_code == 403
    assert client.post(f"/evaluation/panels/{panel.pk}/assign/", {}).status_code == 403


def test_a_member_scores_with_the_facts_beside_the_form(client, office, setup, evaluation_day):
    _panel, enrolment, member, _conflicted = setup
    client.force_login(member)
    assert enrolment.operator.name in client.get("/evaluation/panels/mine/").content.decode()
    body = client.get(f"/evaluation/panels/sheets/{enrolment.pk}/").content.decode()
    assert "检查发现问题" in body and "经营行为合法" in body  # the finding and its area
    assert "已自动扣分（请勿重复扣分）" in body and "检查发现一般问题" in body
    answer = client.post(
        f"/evaluation/panels/sheets/{enrolment.pk}/", form(**{"comment-site": "冷链完整"})
    )
    assert answer.status_code == 302
    assert PanelScore.objects.filter(member=member, enrolment=enrolment).count() == 8
    assert PanelScore.objects.get(member=member, criterion="site").comment == "冷链完整"
    score = Score.objects.get(enrolment=enrolment)
    assert score.criteria["department.conduct"]["score"] == "3.00"  # 4 − 1
    # The ledger says where the criterion's score came from.
    client.force_login(office)
    ledger = client.get(f"/evaluation/ledgers/{enrolment.pk}/").content.decode()
    assert "考评组 1 人评分的平均分" in ledger


def test_a_score_out_of_range_keeps_what_was_typed(client, setup, evaluation_day):
    _panel, enrolment, member, _conflicted = setup
    client.force_login(member)
    answer = client.post(f"/evaluation/panels/sheets/{enrolment.pk}/", form(**{"points-site": "9"}))
    body = answer.content.decode()
    assert answer.status_code == 200
    assert "“现场管理严格”的评分须在 0 至 7 分之间。" in body
    assert 'value="9"' in body
    assert not PanelScore.objects.exists()


def test_others_may_not_open_a_sheet(client, make_user, setup, office, enrol, evaluation_day):
    _panel, enrolment, _member, conflicted = setup
    other = make_user(Role.EVALUATOR)
    second = panels.create_panel(office, enrolment.campaign, "第二考评组", other)
    panels.assign(office, second, enrolment_ids=[enrol().pk])
    url = f"/evaluation/panels/sheets/{enrolment.pk}/"
    for user in (conflicted, other, make_user(Role.OPERATOR, operator=enrolment.operator)):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, form()).status_code in {302, 403}
    client.force_login(make_user(Role.STATION))
    assert client.get(url).status_code == 403
    assert not PanelScore.objects.exists()
    client.force_login(conflicted)
    assert "您已申报回避，不参与评分" in client.get("/evaluation/panels/mine/").content.decode()


def test_the_api_gives_the_office_every_panel_and_a_member_his_own(
    client, office, make_user, setup, evaluation_day
):
    panel, enrolment, member, _conflicted = setup
    other = make_user(Role.EVALUATOR)
    panels.create_panel(office, enrolment.campaign, "第二考评组", other)
    panels.save_sheet(member, enrolment, {c: panels.Entry(4) for c in CRITERIA})
    client.force_login(office)
    assert len(client.get("/api/v1/evaluation/panels/").json()["results"]) == 2
    assert len(client.get("/api/v1/evaluation/panel-scores/").json()["results"]) == 8
    client.force_login(other)
    listed = client.get("/api/v1/evaluation/panels/").json()["results"]
    assert [p["name"] for p in listed] == ["第二考评组"]
    assert client.get("/api/v1/evaluation/panel-scores/").json()["results"] == []
    client.force_login(member)
    mine = client.get(f"/api/v1/evaluation/panels/{panel.pk}/").json()
    assert mine["enrolments"] == [enrolment.pk]
    assert len(client.get("/api/v1/evaluation/panel-scores/").json()["results"]) == 8
    client.force_login(make_user(Role.OPERATOR, operator=enrolment.operator))
    assert client.get("/api/v1/evaluation/panels/").status_code == 403
    assert client.get("/api/v1/evaluation/panel-scores/").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_two_members_saving_at_once_on_postgresql_lose_nothing(office, make_user, enrol):
    """Two connections: both members save the same enrolment's sheet at the same moment; the
    enrolment's row lock serialises the combination, so both sheets count."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (SQLite serialises every write)")
    enrolment = enrol()
    first, second = make_user(Role.EVALUATOR), make_user(Role.EVALUATOR)
    panel = panels.create_panel(office, enrolment.campaign, "并发考评组", first)
    panels.add_member(office, panel, second)
    panels.assign(office, panel, enrolment_ids=[enrolment.pk])
    barrier = threading.Barrier(2)
    errors = []

    def save(member, points):
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            panels.save_sheet(
                member, enrolment, {c: panels.Entry(points) for c in CRITERIA}, today=IN_EVALUATION
            )
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(m, p)) for m, p in ((first, 2), (second, 4))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert PanelScore.objects.filter(enrolment=enrolment).count() == 16
    assert Score.objects.get(enrolment=enrolment).criteria["department.site"]["score"] == "3.00"
