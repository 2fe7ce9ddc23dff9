"""On a desktop and a 390 px phone: a citizen reads a good-practice story and sends a
suggestion (a wrong CAPTCHA first: the text stays), and reads a published answer; the office
writes and publishes a story. No page runs off the screen; axe finds no serious violation."""

import pytest

from fangxin.core.tests.factories import PASSWORD
from fangxin.disclosure import demo
from fangxin.disclosure.models import Story, Suggestion

from .test_browser_public_site import DESKTOP, PHONE, fits, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("viewport", "tag"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_a_citizen_reads_a_story_and_sends_a_suggestion(page, office, viewport, tag):
    demo.build(log=lambda line: None)
    page.set_viewport_size(viewport)
    page.goto("/")
    page.click("[data-service='disclosure:stories']")
    fits(page)
    shot(page, f"{tag}-stories")
    page.click("#stories a >> nth=0")
    assert page.locator("#story-body li").count() == 3
    fits(page)
    shot(page, f"{tag}-story")

    page.goto("/")
    page.click("[data-service='disclosure:suggestion-new']")
    page.fill("#id_text", "希望公示页面字体再大一些。")
    page.fill("#id_captcha_1", "WRONG")
    page.click("#suggestion-form button[type=submit]")
    assert page.input_value("#id_text") == "希望公示页面字体再大一些。"
    assert page.locator("#error-summary").is_visible()
    fits(page)
    shot(page, f"{tag}-suggestion-wrong-captcha")
    page.fill("#id_captcha_1", "PASSED")
    page.click("#suggestion-form button[type=submit]")
    code = page.locator("#tracking-code").inner_text()
    assert Suggestion.objects.get(code=code).text == "希望公示页面字体再大一些。"
    fits(page)
    shot(page, f"{tag}-suggestion-thanks")
    page.click("text=查看已公开的答复")
    assert page.locator("#answers section").count() == 2
    assert "demo@example.com" not in page.content()
    fits(page)
    shot(page, f"{tag}-suggestions")


def test_the_office_writes_and_publishes_a_story(page, office, login):
    page.set_viewport_size(DESKTOP)
    login(office.username, PASSWORD)
    page.goto("/desk/")
    page.click("nav >> text=先进典型")
    page.click("#new-story")
    page.fill("#id_title", "网店七日无理由退货做得好")
    page.fill("#id_summary", "退货当天处理。")
    page.fill("#id_body", "<p>当天处理</p><script>alert(1)</script>")
    shot(page, "desktop-office-story-form")
    page.click("#publish")
    story = Story.objects.get()
    assert story.status == Story.Status.PUBLISHED and story.body == "<p>当天处理</p>"
    page.click("text=查看公开页面")
    assert page.locator("#story-body").inner_text() == "当天处理"
