import pytest

from fangxin.core.roles import Role
from fangxin.programme.models import Campaign, Enrolment
from fangxin.registry.tests.factories import OperatorFactory

pytestmark = pytest.mark.django_db


def test_office_creates_and_copies_a_campaign(client, office):
    client.force_login(office)
    client.post("/programme/new/", {"year": "2024"})
    assert Campaign.objects.filter(year=2024).exists()
    client.post("/programme/2024/copy/", {"year": "2025"})
    assert Campaign.objects.get(year=2025).copied_from.year == 2024
    page = client.get("/programme/2025/").content.decode()
    assert "自查自纠" in page and "2025-07-01" in page


def test_station_cannot_copy_or_move_phases(client, campaign, make_user):
    client.force_login(make_user(Role.STATION))
    client.post(f"/programme/{campaign.year}/copy/", {"year": "2099"})
    assert not Campaign.objects.filter(year=2099).exists()
    before = campaign.phase("summary").starts_on
    client.post(
        f"/programme/{campaign.year}/phases/summary/",
        {"summary-starts_on": "2099-01-01", "summary-ends_on": "2099-01-02"},
    )
    assert campaign.phase("summary").starts_on == before


def test_station_enrols_its_area_from_the_page(client, campaign, make_user):
    from fangxin.programme.models import PhaseCode
    from fangxin.programme.tests.conftest import put_phase_around_today

    put_phase_around_today(campaign, PhaseCode.MOBILISATION)
    mine = OperatorFactory(livestream=True)
    OperatorFactory(livestream=True)
    client.force_login(make_user(Role.STATION, station=mine.area.station))
    client.post(f"/programme/{campaign.year}/enrolments/", {"kind": "livestream", "confirm": "1"})
    assert list(Enrolment.objects.values_list("operator", flat=True)) == [mine.pk]
    page = client.get(f"/programme/{campaign.year}/enrolments/").content.decode()
    assert mine.name in page


def test_guide_is_public_and_prints_to_pdf(client, campaign):
    import shutil
    import subprocess

    page = client.get(f"/programme/{campaign.year}/guide/").content.decode()
    assert "准入资质合规" in page and "售后服务完善" in page
    response = client.get(f"/programme/{campaign.year}/guide.pdf")
    assert response["Content-Type"] == "application/pdf"
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode()
        assert "准入资质合规" in text  # the CJK font is there: no empty boxes


def test_trainings_page(client, office, make_user):
    operator = OperatorFactory()
    client.force_login(office)
    response = client.post(
        "/programme/trainings/",
        {
            "held_on": "2024-06-18",
            "topic": "合规培训",
            "place": "会议室",
            "invited": [operator.pk],
            "attended": [operator.pk],
        },
    )
    assert response.status_code == 302
    client.force_login(make_user(Role.OPERATOR, operator=operator))
    assert "合规培训" in client.get("/programme/trainings/").content.decode()
    client.force_login(make_user(Role.OPERATOR))
    assert "合规培训" not in client.get("/programme/trainings/").content.decode()


def test_inbox_marks_read(client, make_user):
    from fangxin.core.notify import notify_users

    user = make_user(Role.OPERATOR)
    notify_users([user], "标题一", "内容")
    client.force_login(user)
    assert "标题一" in client.get("/inbox/").content.decode()
    assert 'id="unread-count"' in client.get("/").content.decode()
    client.post("/inbox/")
    assert 'id="unread-count"' not in client.get("/").content.decode()


def test_office_revises_the_guide_as_a_new_version(client, campaign, office, make_user):
    from fangxin.programme.models import Requirement

    old_guide = campaign.guide
    client.force_login(make_user(Role.STATION))
    assert client.get(f"/programme/{campaign.year}/guide/edit/").status_code == 403
    client.force_login(office)
    page = client.get(f"/programme/{campaign.year}/guide/edit/")
    assert page.status_code == 200
    response = client.post(
        f"/programme/{campaign.year}/guide/edit/",
        {"item-LS-Q1": "营业执照亮照（修订）", "item-LS-Q2": "", "new-site-livestream": "新增一项"},
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.guide.version == old_guide.version + 1
    new_items = Requirement.objects.filter(area__guide=campaign.guide)
    assert new_items.get(code="LS-Q1").text == "营业执照亮照（修订）"
    assert not new_items.filter(code="LS-Q2").exists()
    assert new_items.filter(text="新增一项", kind="livestream").exists()
    assert (
        Requirement.objects.get(area__guide=old_guide, code="LS-Q1").text != "营业执照亮照（修订）"
    )
    nothing = client.post(f"/programme/{campaign.year}/guide/edit/", {}, follow=True)
    assert "工作指南没有改动" in nothing.content.decode()


def test_a_phase_date_before_the_earliest_is_refused_with_its_reason(client, campaign, office):
    """Issue 11 item 22: a phase dated 1257 is a form error naming the field, not a 500."""
    before = campaign.phase("summary").starts_on
    client.force_login(office)
    response = client.post(
        f"/programme/{campaign.year}/phases/summary/",
        {"summary-starts_on": "1257-02-21", "summary-ends_on": "2099-01-02"},
        follow=True,
    )
    assert response.status_code == 200
    assert "开始日期：日期不能早于2000-01-01" in response.content.decode()
    assert campaign.phase("summary").starts_on == before


@pytest.mark.parametrize(
    "role, shown",
    [
        (Role.OFFICE, True),
        (Role.STATION, True),
        (Role.INSPECTOR, True),
        (Role.MONITOR, False),
        (Role.PARTNER, False),
        (Role.EVALUATOR, False),
        (Role.ASSOCIATION, False),
    ],
)
def test_progress_button_only_for_roles_that_may_open_it(client, campaign, make_user, role, shown):
    """Walk of issue 11: the campaign page offered 自查进度 to every staff role, and the
    monitor, partner, evaluator and association got a 403 behind it."""
    client.force_login(make_user(role))
    page = client.get(f"/programme/{campaign.year}/")
    assert page.status_code == 200
    link = f"/selfcheck/dashboard/?campaign={campaign.year}"
    assert (link in page.content.decode()) is shown
    if shown:
        assert client.get(link).status_code == 200
