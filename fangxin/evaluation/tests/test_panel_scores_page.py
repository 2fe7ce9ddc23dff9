"""The office's read-only page of each panel member's scores per enrolment: who gave what for
each criterion (with the comment), who is left out for a declared conflict, and the combined
figure the ledger holds; linked from the panels page; nobody else may open it."""

import re
from datetime import date

import pytest

from fangxin.core.roles import Role
from fangxin.evaluation import panels
from fangxin.evaluation.models import LedgerEntry, PanelScore
from fangxin.supervision.models import ConflictOfInterest

pytestmark = pytest.mark.django_db

IN_EVALUATION = date(2026, 10, 15)
FULL = {
    "qualifications": 8,
    "conduct": 6,
    "site": 7,
    "quality": 7,
    "marketing": 8,
    "labelling": 5,
    "consumer_rights": 5,
    "after_sales": 4,
}


def sheet(comment: str, **points) -> dict[str, panels.Entry]:
    return {
        code: panels.Entry(points.get(code, full - 1), comment=comment)
        for code, full in FULL.items()
    }


@pytest.fixture
def scored_panel(office, make_user, enrol):
    enrolment, unscored = enrol(), enrol()
    judge = make_user(Role.EVALUATOR, first_name="", last_name="", username="judge")
    second = make_user(Role.EVALUATOR, first_name="", last_name="", username="second")
    adviser = make_user(Role.PARTNER, first_name="", last_name="", username="adviser")
    ConflictOfInterest.objects.create(inspector=adviser, operator=enrolment.operator, reason="亲属")
    panel = panels.create_panel(office, enrolment.campaign, "第一考评组", judge)
    for member in (second, adviser):
        panels.add_member(office, panel, member)
    panels.assign(office, panel, enrolment_ids=[enrolment.pk, unscored.pk])
    panels.save_sheet(judge, enrolment, sheet("证照齐全", conduct=5), today=IN_EVALUATION)
    panels.save_sheet(second, enrolment, sheet("价签不全", conduct=4), today=IN_EVALUATION)
    return panel, enrolment, unscored


def test_the_office_reads_each_members_score_and_the_combined_figure(client, office, scored_panel):
    panel, enrolment, unscored = scored_panel
    client.force_login(office)
    answer = client.get(f"/evaluation/panels/{panel.pk}/scores/")
    assert answer.status_code == 200
    body = answer.content.decode()
    section = body[body.index(f'id="enrolment-{enrolment.pk}"') :]
    section = section[: section.index("</section>")]
    for name in ("judge", "second", "adviser"):
        assert name in body
    assert "证照齐全" in section and "价签不全" in section
    assert "已评分 2 / 2 人" in section
    assert "回避：adviser" in section
    conduct = section[section.index('data-criterion="conduct"') :]
    conduct = conduct[: conduct.index("</tr>")]
    cells = re.findall(r'<td class="member-score">(.*?)</td>', conduct, re.S)
    # Members by username: adviser (left out), judge, second.
    assert "回避" in cells[0]
    assert [re.sub(r"<[^>]+>.*", "", c, flags=re.S) for c in cells[1:]] == ["5", "4"]
    combined = LedgerEntry.objects.get(enrolment=enrolment, source="panel", criterion="conduct")
    assert combined.points == 4.5
    assert "4.5" in conduct
    # The unscored enrolment shows dashes and no combined figure.
    rest = body[body.index(f'id="enrolment-{unscored.pk}"') :]
    assert "已评分 0 / 3 人" in rest and "部分评分项尚无评分" in rest
    assert PanelScore.objects.filter(enrolment=unscored).count() == 0


def test_the_panels_page_links_to_it(client, office, scored_panel):
    panel, _, _ = scored_panel
    client.force_login(office)
    body = client.get("/evaluation/2026/panels/").content.decode()
    assert f'href="/evaluation/panels/{panel.pk}/scores/"' in body


@pytest.mark.parametrize(
    "role", [Role.EVALUATOR, Role.PARTNER, Role.STATION, Role.ASSOCIATION, Role.OPERATOR]
)
def test_only_the_office_reads_it(client, make_user, scored_panel, role):
    panel, _, _ = scored_panel
    client.force_login(make_user(role))
    assert client.get(f"/evaluation/panels/{panel.pk}/scores/").status_code == 403


def test_a_member_of_the_panel_may_not_read_the_others_scores(client, scored_panel):
    panel, enrolment, _ = scored_panel
    judge = PanelScore.objects.filter(enrolment=enrolment).first().member
    client.force_login(judge)
    assert client.get(f"/evaluation/panels/{panel.pk}/scores/").status_code == 403


def test_an_unknown_panel_is_a_404(client, office):
    client.force_login(office)
    assert client.get("/evaluation/panels/999999/scores/").status_code == 404
