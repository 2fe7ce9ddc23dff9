"""The standalone draw verifier (issue 15 item 6): the file served from the public draw page
runs on its own (standard library only, no project on the path), recomputes a drawn plan from
its data.json and says it matches; a tampered file does not; and the public draws API carries
the open data's headers."""

import ast
import json
import subprocess
import sys

import pytest

from fangxin.supervision import services
from fangxin.supervision.models import Draw
from fangxin.supervision.tests.conftest import plan_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawn(county, office):
    plan = plan_for(office)
    services.freeze(office, plan)
    services.run_draw(office, plan, "03 07 12 19 25 31 + 08", "双色球第2026138期")
    return Draw.objects.get(plan=plan)


@pytest.fixture
def verifier(client, tmp_path):
    answer = client.get("/public/draws/verifier.py")
    assert answer.status_code == 200
    assert answer["Content-Disposition"] == 'attachment; filename="fangxin_verify_draw.py"'
    path = tmp_path / "fangxin_verify_draw.py"
    path.write_bytes(answer.content)
    return path


def run(verifier, data: dict, tmp_path):
    target = tmp_path / "data.json"
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    # -I: isolated (no PYTHONPATH, no user site, not the current folder): only the file itself.
    return subprocess.run(
        [sys.executable, "-I", str(verifier), str(target)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


def test_the_served_verifier_uses_the_standard_library_only(verifier):
    tree = ast.parse(verifier.read_text(encoding="utf-8"))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            modules.add((node.module or "").split(".")[0])
    assert modules <= set(sys.stdlib_module_names) | {"__future__"}, modules


def test_the_verifier_recomputes_a_drawn_plan(client, drawn, verifier, tmp_path):
    data = client.get(f"/public/draws/{drawn.pk}/data.json").json()
    done = run(verifier, data, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "MATCH" in done.stdout and "一致" in done.stdout
    # The public page offers it beside the data.
    page = client.get(f"/public/draws/{drawn.pk}/").content.decode()
    assert "/public/draws/verifier.py" in page and "python fangxin_verify_draw.py" in page


@pytest.mark.parametrize(
    "tamper",
    [
        "swap_an_inspector",
        "drop_a_selected_operator",
        "change_the_public_value",
        "change_the_secret",
        "change_a_risk_class",
        "change_the_result_hash",
    ],
)
def test_a_tampered_file_does_not_match(client, drawn, verifier, tmp_path, tamper):
    data = client.get(f"/public/draws/{drawn.pk}/data.json").json()
    if tamper == "swap_an_inspector":
        used = set(data["result"][0]["inspectors"])
        other = next(i["id"] for i in data["inspector_pool"] if i["id"] not in used)
        data["result"][0]["inspectors"][0] = other
    elif tamper == "drop_a_selected_operator":
        data["result"].pop()
    elif tamper == "change_the_public_value":
        data["public_value"] = "03 07 12 19 25 31 + 09"
    elif tamper == "change_the_secret":
        data["secret"] = "0" * 64
    elif tamper == "change_a_risk_class":
        data["operator_pool"][0]["risk_class"] = (
            "D" if data["operator_pool"][0]["risk_class"] != "D" else "A"
        )
    else:
        data["result_hash"] = "f" * 64
    done = run(verifier, data, tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "MISMATCH" in done.stdout


def test_a_draw_not_run_yet_cannot_be_verified(client, county, office, verifier, tmp_path):
    plan = plan_for(office)
    draw = services.freeze(office, plan)
    data = client.get(f"/public/draws/{draw.pk}/data.json").json()
    done = run(verifier, data, tmp_path)
    assert done.returncode == 2 and "CANNOT VERIFY" in done.stdout
    garbage = tmp_path / "bad.json"
    garbage.write_text("{not json", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-I", str(verifier), str(garbage)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2


def test_the_public_draws_api_is_open_data(client, drawn, settings):
    listing = client.get("/api/v1/public/draws/")
    assert listing.status_code == 200 and listing["Access-Control-Allow-Origin"] == "*"
    assert (
        client.get("/api/v1/public/draws/", HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304
    )
    one = client.get(f"/api/v1/public/draws/{drawn.pk}/")
    assert one["ETag"] and one["Last-Modified"]
    assert (
        client.get(f"/api/v1/public/draws/{drawn.pk}/", HTTP_IF_NONE_MATCH=one["ETag"]).status_code
        == 304
    )
    as_csv = client.get("/api/v1/public/draws/", {"format": "csv"})
    assert as_csv.status_code == 200 and as_csv.content.startswith("\ufeffid,".encode())
    # The pools stay off the list and its download; a detail is JSON only (with the verifier).
    assert b"operator_pool" not in as_csv.content
    assert client.get(f"/api/v1/public/draws/{drawn.pk}/", {"format": "csv"}).status_code == 404
    verify = client.get(f"/api/v1/public/draws/{drawn.pk}/verify/")
    assert verify.json()["ok"] is True and verify["Access-Control-Allow-Origin"] == "*"
    assert Draw.objects.count() == 1
