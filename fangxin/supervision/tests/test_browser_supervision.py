"""Supervision journey in headless Chromium: the office plans, freezes and runs a double-random
draw that anyone can verify on the public page; a drawn inspector records the inspection with a
photo and a minor problem; the station orders rectification and publishes the result; the
operator answers with a photo; the station verifies and the operator's timeline shows it all."""

import struct
import zlib
from pathlib import Path

import pytest

from fangxin.core.roles import Role
from fangxin.core.tests.factories import PASSWORD
from fangxin.supervision import services
from fangxin.supervision.models import (
    Draw,
    DrawPlan,
    Finding,
    Inspection,
    RectificationOrder,
    SupervisionEvidence,
)
from fangxin.supervision.tests.conftest import plan_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path("test-artifacts")
PLAN_NAME = "2026年第一批网络直播营销双随机抽查"
PUBLIC_VALUE = "03 07 12 19 25 31 + 08"
PUBLIC_SOURCE = "中国福利彩票双色球第2026138期开奖公告"


def small_png(width: int = 8, height: int = 8) -> bytes:
    """A real, decodable RGB PNG (a green square), not just the magic bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\x00" + b"\x20\xa0\x40" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def logout(page) -> None:
    with page.expect_navigation():
        page.click("nav button[type=submit]")
    assert "/accounts/login/" in page.url


def success_message(page) -> str:
    return page.locator(".alert-success").inner_text()


def open_supervision_dashboard(page) -> None:
    with page.expect_navigation():
        page.click("[data-nav='supervision:dashboard']")
    assert page.locator("h1").inner_text() == "集中治理"
    page.wait_for_selector("#progress-chart svg", state="attached")


def open_inspection_from_dashboard(page, inspection: Inspection) -> None:
    """Station users reach their inspections from the 集中治理 dashboard's 检查任务 link."""
    open_supervision_dashboard(page)
    with page.expect_navigation():
        page.click("main a:text-is('检查任务')")
    with page.expect_navigation():
        page.click(f"#inspection-table a[href$='/inspections/{inspection.pk}/']")
    assert inspection.operator.name in page.locator("h1").inner_text()


def test_draw_inspect_order_answer_verify(
    page, login, make_user, office, county, live_server, tmp_path
):
    office.username, office.first_name = "office1", "王主任"
    office.save()
    failed = []  # page-initiated requests that failed
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    # 1. The office plans a county-wide draw from the 集中治理 dashboard and freezes it.
    login("office1", PASSWORD)
    open_supervision_dashboard(page)
    assert page.console_errors == []
    with page.expect_navigation():
        page.click("main a:text-is('双随机抽查')")
    assert page.locator("h1").inner_text() == "双随机抽查计划"
    with page.expect_navigation():
        page.click("#new-plan")
    page.fill("#id_name", PLAN_NAME)
    page.fill("#id_quota_a", "50")
    page.fill("#id_quota_b", "50")
    page.fill("#id_quota_c", "100")
    page.fill("#id_quota_d", "100")
    page.fill("#id_inspectors_per_task", "2")
    page.check("#id_avoid_own_station")
    page.fill("#id_free_items", "亮照亮证")
    with page.expect_navigation():
        page.click("#plan-form button[type=submit]")
    assert "已创建抽查计划" in success_message(page)
    plan = DrawPlan.objects.get(name=PLAN_NAME)
    assert page.url.endswith(f"/supervision/draws/{plan.pk}/")
    assert plan.rules["quotas"] == {"A": 0.5, "B": 0.5, "C": 1.0, "D": 1.0}
    assert plan.rules["inspectors_per_task"] == 2 and plan.rules["avoid_own_station"]
    assert plan.free_items == ["亮照亮证"]
    assert page.locator("#plan-status").inner_text() == "草稿"
    assert page.locator("#commitment").count() == 0

    with page.expect_navigation():
        page.click("#freeze")
    assert "承诺值已公布" in success_message(page)
    draw = Draw.objects.get(plan=plan)
    assert page.locator("#commitment").inner_text() == draw.commitment
    assert page.locator("#run-form").count() == 1

    # Anyone may look at the frozen draw: the commitment is there, the secret is not.
    anonymous = page.context.browser.new_context(base_url=live_server.url, locale="zh-CN")
    try:
        public = anonymous.new_page()
        public.goto(f"/public/draws/{draw.pk}/")
        assert public.locator("#commitment").inner_text() == draw.commitment
        assert draw.secret not in public.content()
        assert "抽取时公布" in public.locator("#draw-record").inner_text()
        data = public.request.get(f"/public/draws/{draw.pk}/data.json").json()
        assert data["secret"] is None and data["commitment"] == draw.commitment
    finally:
        anonymous.close()

    # 2. The office runs the draw with the public random value.
    page.fill("#id_public_value", PUBLIC_VALUE)
    page.fill("#id_public_source", PUBLIC_SOURCE)
    with page.expect_navigation():
        page.click("#run-draw")
    assert "抽取完成" in success_message(page)
    assert page.locator("#plan-status").inner_text() == "已抽取"
    inspections = Inspection.objects.filter(draw=draw)
    assert inspections.exists()
    assert page.locator("#draw-result tbody tr").count() == inspections.count()
    assert page.locator("#public-value").inner_text() == PUBLIC_VALUE
    for inspection in inspections:
        assert inspection.inspectors.count() == 2
        assert not inspection.inspectors.filter(station=inspection.station).exists()
    logout(page)

    # 3. Anonymous: the public list links to the draw, the secret is revealed, it verifies.
    page.goto("/public/draws/")
    assert PLAN_NAME in page.locator("#public-draws").inner_text()
    with page.expect_navigation():
        page.click(f"#public-draws a:text-is('{PLAN_NAME}')")
    assert page.url.endswith(f"/public/draws/{draw.pk}/")
    draw.refresh_from_db()
    assert draw.secret in page.locator("#draw-record").inner_text()
    page.click("#verify")  # answered in place, beside the button
    assert "复核通过" in page.locator("#verify-result").inner_text()
    shot(page, "draw-public")

    # 4. A drawn inspector records the inspection: a minor problem, the conclusion, a photo.
    inspection = inspections.select_related("operator", "station").order_by("pk").first()
    operator = inspection.operator
    inspector = inspection.inspectors.order_by("pk").first()
    login(inspector.username, PASSWORD)
    with page.expect_navigation():
        page.click("[data-nav='supervision:inspection-list']")
    assert operator.name in page.locator("#inspection-table").inner_text()
    with page.expect_navigation():
        page.click(f"#inspection-table a[href$='/inspections/{inspection.pk}/']")
    assert page.locator("#inspection-status").inner_text() == "待检查"
    first_item = inspection.items.order_by("pk").first()
    page.select_option(f"select[name='result-{first_item.pk}']", label="轻微问题")
    note = "直播间未公示营业执照"
    page.fill(f"input[name='note-{first_item.pk}']", note)
    if first_item.requirement_id is None:  # a free-text item: the inspector names its area
        page.select_option(f"select[name='area-{first_item.pk}']", "qualifications")
    if page.locator("#id_operator_kind").count():  # an operator of both kinds
        page.select_option("#id_operator_kind", "livestream")
    page.fill("#id_conclusion", "基本符合要求，发现一处轻微问题，已当场告知")
    page.fill("#id_ack", "张经理")
    photo = tmp_path / "现场照片.png"
    photo.write_bytes(small_png())
    page.set_input_files("#id_photos", str(photo))
    with page.expect_navigation():
        page.click("#save-inspection")
    assert "检查结果已保存" in success_message(page)
    assert page.locator("#inspection-status").inner_text() == "已检查，待审核"
    assert "现场照片.png" in page.locator("#evidence-list").inner_text()
    assert note in page.locator("#finding-list").inner_text()
    shot(page, "inspection-record")
    evidence = SupervisionEvidence.objects.get(inspection=inspection)
    assert evidence.original_name == "现场照片.png" and evidence.size == len(small_png())
    finding = Finding.objects.get(inspection=inspection)
    assert finding.severity == Finding.Severity.MINOR and finding.description == note
    # The evidence link serves the very file.
    response = page.request.get(page.locator("#evidence-list a").first.get_attribute("href"))
    assert response.ok and response.body() == small_png()
    logout(page)

    # 5. The station orders rectification from the finding and publishes the result.
    make_user(Role.STATION, station=inspection.station, username="station1", first_name="李所长")
    login("station1", PASSWORD)
    open_inspection_from_dashboard(page, inspection)
    with page.expect_navigation():
        page.click(f"#finding-list a[href$='/findings/{finding.pk}/']")
    assert note in page.locator("main").inner_text()
    requirement = "在直播间显著位置公示营业执照"
    page.fill("#order-form textarea[name=requirement]", requirement)
    page.fill("#order-form input[name=working_days]", "5")
    with page.expect_navigation():
        page.click("#issue-order")
    assert "已保存" in success_message(page)
    order = RectificationOrder.objects.get(finding=finding)
    assert order.working_days == 5
    assert "待整改" in page.locator("#order-list").inner_text()

    with page.expect_navigation():
        page.click("a:text-is('检查记录')")
    with page.expect_navigation():
        page.click("#publish")
    assert "检查结果已公示" in success_message(page)
    assert page.locator("#inspection-status").inner_text() == "已公示"
    assert page.locator("#publish").count() == 0
    logout(page)

    page.goto("/public/inspections/")
    table = page.locator("#public-inspections").inner_text()
    assert operator.name in table
    assert note not in table  # the public record shows the conclusion, not item notes

    # 6. The operator answers the order with a text and a photo.
    make_user(Role.OPERATOR, operator=operator, username="shop")
    login("shop", PASSWORD)
    assert page.locator("[data-nav='supervision:order-list']").inner_text() == "整改通知"
    with page.expect_navigation():
        page.click("[data-nav='supervision:order-list']")
    assert "待整改" in page.locator("#order-table").inner_text()
    with page.expect_navigation():
        page.click(f"#order-table a[href$='/orders/{order.pk}/']")
    assert page.locator("#order-status").inner_text() == "待整改"
    assert requirement in page.locator("main").inner_text()
    answer = "已在直播间首页公示营业执照，见截图"
    page.fill("#answer-form #id_text", answer)
    proof = tmp_path / "整改截图.png"
    proof.write_bytes(small_png(16, 12))
    page.set_input_files("#answer-form #id_files", str(proof))
    with page.expect_navigation():
        page.click("#answer-order")
    assert "已提交整改回复" in success_message(page)
    assert page.locator("#order-status").inner_text() == "已回复，待核查"
    responses = page.locator("#responses").inner_text()
    assert answer in responses and "整改截图.png" in responses
    assert page.locator("#answer-form").count() == 0
    shot(page, "order-answer")
    logout(page)

    # 7. The station verifies and closes the order; the operator's timeline tells the story.
    login("station1", PASSWORD)
    open_inspection_from_dashboard(page, inspection)
    with page.expect_navigation():
        page.click(f"#finding-list a[href$='/findings/{finding.pk}/']")
    with page.expect_navigation():
        page.click(f"#order-list a[href$='/orders/{order.pk}/']")
    assert page.locator("#order-status").inner_text() == "已回复，待核查"
    assert "整改截图.png" in page.locator("#responses").inner_text()
    with page.expect_navigation():
        page.click("#verify-accept")
    assert "已核查销号" in success_message(page)
    assert page.locator("#order-status").inner_text() == "已核查销号"
    assert page.locator("#verify-form").count() == 0
    order.refresh_from_db()
    assert order.status == RectificationOrder.Status.VERIFIED

    page.goto(f"/registry/operators/{operator.pk}/")
    timeline = page.locator("#timeline").inner_text()
    for event in (
        f"责令限期整改，期限至{order.due_on}：{requirement}",
        f"回复整改情况：{answer}",
        "整改核查通过，销号",
        "检查结果已公示",
    ):
        assert event in timeline, event
    logout(page)

    # 8. The office's dashboard: nothing left to inspect for the recorded operator.
    login("office1", PASSWORD)
    open_supervision_dashboard(page)
    assert page.locator("#supervision-table tbody tr").count() >= 3
    due = sum(
        int(cell)
        for cell in page.locator("#supervision-table tbody tr td:nth-child(2)").all_inner_texts()
    )
    assert due == inspections.filter(status=Inspection.Status.PLANNED).count()
    shot(page, "supervision-dashboard")
    assert page.console_errors == []  # ECharts loads under the CSP
    assert failed == []


def test_unassigned_inspector_gets_404(page, login, make_user, office, county):
    plan = plan_for(office)
    services.freeze(office, plan)
    services.run_draw(office, plan, PUBLIC_VALUE, PUBLIC_SOURCE)
    inspection = Inspection.objects.select_related("station").order_by("pk").first()
    outsider = make_user(Role.INSPECTOR, station=inspection.station, username="outsider")
    assert not inspection.inspectors.filter(pk=outsider.pk).exists()
    login("outsider", PASSWORD)
    with page.expect_navigation():
        page.click("[data-nav='supervision:inspection-list']")
    assert "暂无检查任务" in page.locator("#inspection-table").inner_text()
    response = page.goto(f"/supervision/inspections/{inspection.pk}/")
    assert response.status == 404
    assert "页面不存在" in page.locator("h1").inner_text()
    assert inspection.operator.name not in page.content()
    assert page.locator("#record-form").count() == 0
