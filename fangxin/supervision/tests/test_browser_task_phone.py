"""The inspector records an inspection on site, on a 390 px phone.

Walk of issue 11: the items table kept three columns at 390 px; the result select shrank to
"未‹" and the note box sat off screen to the right.
"""

import pytest
from django.utils import timezone

from fangxin.core.tests.factories import PASSWORD
from fangxin.supervision import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_inspection_items_stack_on_a_phone(page, login, county, office):
    _stations, operators, inspectors = county
    inspector = inspectors[0]
    task = services.create_inspection(
        office,
        operators[0],
        source="targeted",
        inspectors=[inspector, inspectors[1]],
        planned_on=timezone.localdate(),
        free_items=["营业执照、许可证亮照亮证情况", "进货查验和索证索票记录"],
    )
    page.set_viewport_size({"width": 390, "height": 844})
    login(inspector.username, PASSWORD)
    page.goto(f"/supervision/inspections/{task.pk}/")
    result = page.locator("#inspection-items select").first
    note = page.locator("#inspection-items input").first
    assert result.bounding_box()["width"] >= 200
    box = note.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    label = page.evaluate(
        "getComputedStyle(document.querySelector('#inspection-items td[data-label]'),"
        " '::before').content"
    )
    assert "检查结果" in label  # each field still says what it is
