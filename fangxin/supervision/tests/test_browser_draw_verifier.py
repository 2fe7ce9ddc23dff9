"""The public draw page offers the standalone verifier beside the data: a citizen downloads
both from the page (desktop and a 390 px phone) and the verifier says the draw matches."""

import subprocess
import sys
from pathlib import Path

import pytest

from fangxin.supervision import services
from fangxin.supervision.models import Draw
from fangxin.supervision.tests.conftest import plan_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path("test-artifacts")


@pytest.mark.parametrize("width", [1280, 390])
def test_a_citizen_downloads_the_verifier_and_the_data(page, county, office, tmp_path, width):
    plan = plan_for(office)
    services.freeze(office, plan)
    services.run_draw(office, plan, "05 11 17 23 29 33 + 02", "双色球")
    draw = Draw.objects.get(plan=plan)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/public/draws/{draw.pk}/")
    link = page.locator("#verifier-download")
    assert link.is_visible()
    assert "python fangxin_verify_draw.py data.json" in page.inner_text("#verifier-howto")
    link.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"public-draw-verifier-{width}.png"))
    # Nothing runs off a phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    with page.expect_download() as verifier:
        link.click()
    assert verifier.value.suggested_filename == "fangxin_verify_draw.py"
    with page.expect_download() as data:
        page.click(f"a[href='/public/draws/{draw.pk}/data.json']")
    program, inputs = tmp_path / "fangxin_verify_draw.py", tmp_path / "data.json"
    verifier.value.save_as(program)
    data.value.save_as(inputs)
    done = subprocess.run(
        [sys.executable, "-I", str(program), str(inputs)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0 and "MATCH" in done.stdout, done.stdout + done.stderr
