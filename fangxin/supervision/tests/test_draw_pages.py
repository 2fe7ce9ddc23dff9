import pytest

from fangxin.core.roles import Role
from fangxin.supervision import services
from fangxin.supervision.tests.conftest import plan_for

pytestmark = pytest.mark.django_db


def test_public_page_shows_and_verifies(client, county, office):
    plan = plan_for(office)
    draw = services.freeze(office, plan)
    frozen = client.get(f"/public/draws/{draw.pk}/").content.decode()
    assert draw.commitment in frozen
    assert draw.secret not in frozen  # hidden until the draw
    data = client.get(f"/public/draws/{draw.pk}/data.json").json()
    assert data["secret"] is None
    services.run_draw(office, plan, "03 07 12", "双色球")
    page = client.get(f"/public/draws/{draw.pk}/", {"verify": "1"}).content.decode()
    assert "复核通过" in page
    assert client.get(f"/public/draws/{draw.pk}/verify.json").json()["ok"] is True
    assert client.get("/public/draws/").status_code == 200


def test_draft_plans_are_not_public(client, county, office):
    plan = plan_for(office)
    assert client.get("/public/draws/").content.decode().count(plan.name) == 0
    assert client.get(f"/supervision/draws/{plan.pk}/").status_code == 302  # login


def test_office_runs_a_draw_through_the_pages(client, county, office):
    client.force_login(office)
    response = client.post(
        "/supervision/draws/new/",
        {
            "name": "页面计划",
            "quota_a": 50,
            "quota_b": 50,
            "quota_c": 100,
            "quota_d": 100,
            "include_key_targets": "on",
            "inspectors_per_task": 2,
            "avoid_own_station": "on",
            "free_items": "亮照亮证\n进货查验",
        },
    )
    assert response.status_code == 302
    plan_url = response["Location"]
    client.post(plan_url + "freeze/")
    client.post(plan_url + "run/", {"public_value": "123", "public_source": "福彩"})
    page = client.get(plan_url).content.decode()
    assert "已抽取" in page and 'id="draw-result"' in page


def test_inspector_cannot_plan_or_run(client, county, office, make_user):
    stations, _operators, _inspectors = county
    plan = plan_for(office)
    client.force_login(make_user(Role.INSPECTOR, station=stations[0]))
    assert client.get("/supervision/draws/new/").status_code == 403
    assert client.post(f"/supervision/draws/{plan.pk}/freeze/").status_code == 404


def test_verifying_a_frozen_plan_says_not_drawn_yet_not_failed(client, county, office):
    plan = plan_for(office)
    draw = services.freeze(office, plan)
    page = client.get(f"/public/draws/{draw.pk}/", {"verify": "1"}).content.decode()
    assert 'data-state="not_drawn"' in page and "尚未抽取" in page
    assert "复核未通过" not in page and "alert-danger" not in page
    assert "verify-draw" not in page  # citizens are not told to run a server command
    # The button's in-place request gets the answer alone, to show beside the button.
    fragment = client.get(
        f"/public/draws/{draw.pk}/", {"verify": "1"}, headers={"HX-Request": "true"}
    )
    assert "HX-Request" in fragment["Vary"]
    assert fragment.content.decode().count('id="verify-result"') == 1
    assert "<html" not in fragment.content.decode()
    answer = client.get(f"/public/draws/{draw.pk}/verify.json").json()
    assert answer["drawn"] is False and answer["codes"] == ["not_drawn"]

    services.cancel(office, plan, "人员调整")
    page = client.get(f"/public/draws/{draw.pk}/", {"verify": "1"}).content.decode()
    assert 'data-state="cancelled"' in page and "alert-danger" not in page


def test_a_tampered_draw_fails_verification_in_plain_words(client, county, office):
    plan = plan_for(office)
    draw = services.freeze(office, plan)
    services.run_draw(office, plan, "03 07 12", "双色球")
    draw.refresh_from_db()
    draw.result_hash = "0" * 64
    draw.save(update_fields=["result_hash"])
    page = client.get(f"/public/draws/{draw.pk}/", {"verify": "1"}).content.decode()
    assert 'data-state="failed"' in page and "复核未通过" in page
    assert "重新抽取的结果与公布的抽取结果不一致。" in page
    assert "the recomputed result hash" not in page  # the engine's English is for the API
    assert client.get(f"/public/draws/{draw.pk}/verify.json").json()["codes"] == [
        "result_hash_mismatch"
    ]
