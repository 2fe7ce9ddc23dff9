"""A consumer rates an enrolled operator in headless Chromium, with the one-time code the console
SMS backend wrote to the server log; the office sees the rating."""

import pytest

from fangxin.core.tests.factories import PASSWORD
from fangxin.ratings.models import Rating

from .conftest import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_consumer_rates_with_a_one_time_code(page, login, console_sms, shop, office):
    page.goto("/public/ratings/")
    with page.expect_navigation():
        page.click(f"#rate-{shop.pk}")
    assert shop.name in page.text_content("h1")
    page.fill("#id_phone", PHONE)
    page.check("#id_stars_1")  # the second choice: four stars
    page.fill("#id_comment", "发货快，蜂蜜品质不错。")
    with page.expect_navigation():
        page.click("#send-code")
    assert "验证码已发送" in page.text_content("#code-sent")
    code = console_sms()
    assert code not in page.content()
    # What was typed before asking for the code is still there.
    assert page.input_value("#id_comment") == "发货快，蜂蜜品质不错。"
    page.fill("#id_code", "000000" if code != "000000" else "111111")
    with page.expect_navigation():
        page.click("#submit-rating")
    assert "验证码不正确" in page.text_content("#code-error")
    page.console_errors.clear()  # the refused form answers 400, on purpose
    page.fill("#id_code", code)
    with page.expect_navigation():
        page.click("#submit-rating")
    assert "感谢您的评价" in page.text_content("main")
    rating = Rating.objects.get()
    assert (rating.operator_id, rating.stars) == (shop.pk, 4)

    login(office.username, PASSWORD)
    page.goto("/ratings/")
    assert "发货快，蜂蜜品质不错。" in page.text_content("#review-table")
    assert page.console_errors == []


def test_the_public_pages_have_no_serious_axe_violations(page, console_sms, shop):
    from fangxin.core.tests.accessibility import axe_violations

    found = {}
    for viewport in ({"width": 1366, "height": 900}, {"width": 390, "height": 844}):
        page.set_viewport_size(viewport)
        for path in ["/public/ratings/", f"/public/ratings/{shop.pk}/"]:
            page.goto(path)
            if violations := axe_violations(page):
                found[f"{viewport['width']} {path}"] = violations
        page.goto(f"/public/ratings/{shop.pk}/survey/")
        if violations := axe_violations(page):
            found[f"{viewport['width']} survey"] = violations
    assert found == {}
