"""The red and black list journey in headless Chromium (issue 16, done when): the office
drafts the quarter's lists, removes an entry and adds one (each with a reason), approves and
publishes; the lists then appear on the public page (desktop and a 390 px phone, as cards)
and in the open data."""

from __future__ import annotations

from pathlib import Path

import pytest

from fangxin.core.roles import Role
from fangxin.core.tests.factories import PASSWORD
from fangxin.oversight.models.lists import ListEdit, ListPublication

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("test-artifacts")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"lists-{name}.png"), full_page=True)


def test_the_office_drafts_edits_and_publishes_and_the_public_sees_it(
    page, login, make_user, plant
):
    make_user(Role.OFFICE, username="office1")
    kept = plant.title(plant.operator(name="长兴诚信直播有限公司")).operator
    dropped = plant.title(plant.operator(name="长兴待核实电商有限公司")).operator
    black = plant.operator(name="长兴失信示例商行", legal_rep_name="赵黑")
    plant.credit_listing(black)
    added = plant.operator(name="长兴补充红榜有限公司")

    page.set_viewport_size({"width": 1366, "height": 900})
    login("office1", PASSWORD)
    page.goto("/oversight/lists/")
    page.fill("#id_year", "2026")
    page.fill("#id_number", "1")
    with page.expect_navigation():
        page.click("#draft-button")
    publication = ListPublication.objects.get()
    assert page.url.endswith(f"/oversight/lists/{publication.pk}/")
    assert page.locator("#red-entries").inner_text().count("长兴") == 2
    assert "长兴失信示例商行" in page.locator("#black-entries").inner_text()
    _shot(page, "draft-desktop")

    # Remove one red entry, with a reason.
    row = page.locator(f"#red-entries tr[data-uscc='{dropped.uscc}']")
    row.locator("input[name=reason]").fill("存在未办结的消费纠纷，待调解结束后再评定")
    with page.expect_navigation():
        row.locator("button", has_text="移除").click()
    assert "长兴待核实电商有限公司" not in page.locator("#red-entries").inner_text()
    assert "长兴待核实电商有限公司" in page.locator("#removed-entries").inner_text()

    # Add one, with its reason, basis and why.
    with page.expect_navigation():
        page.click("#add-entry-link")
    page.fill("#id_uscc", added.uscc)
    page.select_option("#id_list_kind", "red")
    page.fill("#id_reason", "获评省级直播电商诚信示范单位")
    page.fill("#id_basis", "本县放心电商培育行动方案")
    page.fill("#id_edit_reason", "办公室会议研究补充")
    with page.expect_navigation():
        page.click("#entry-save")
    assert "长兴补充红榜有限公司" in page.locator("#red-entries").inner_text()
    assert "办公室会议研究补充" in page.locator("#list-edits").inner_text()
    assert ListEdit.objects.count() == 2

    with page.expect_navigation():
        page.click("#approve-button")
    with page.expect_navigation():
        page.click("#publish-button")
    assert page.locator("#publication-status").get_attribute("data-status") == "published"
    _shot(page, "published-desktop")

    # The public: the front door's link, the current lists, the open data.
    public = page.context.browser.new_context(base_url=page.url.split("/oversight")[0])
    visitor = public.new_page()
    visitor.set_viewport_size({"width": 1366, "height": 900})
    visitor.goto("/")
    with visitor.expect_navigation():
        visitor.click("a[data-service='public-oversight:lists']")
    red_text = visitor.locator("#red-list").inner_text()
    assert "长兴诚信直播有限公司" in red_text and "长兴补充红榜有限公司" in red_text
    assert "长兴待核实电商有限公司" not in visitor.content()
    assert "赵黑" in visitor.locator("#black-list").inner_text()
    visitor.screenshot(path=str(SHOTS / "lists-public-desktop.png"), full_page=True)

    visitor.set_viewport_size({"width": 390, "height": 844})
    visitor.goto("/public/oversight/lists/")
    width = visitor.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the public list is {width} px wide on a phone"
    # Cards: each row's cells stack, labelled.
    cell = visitor.locator("#red-list td[data-label]").first
    assert cell.evaluate("td => getComputedStyle(td).display") == "block"
    visitor.screenshot(path=str(SHOTS / "lists-public-phone.png"), full_page=True)

    api = visitor.request.get("/api/v1/public/list-entries/?list_kind=red")
    names = {row["operator_name"] for row in api.json()["results"]}
    assert names == {"长兴诚信直播有限公司", "长兴补充红榜有限公司"}
    assert kept.name in names
    public.close()
