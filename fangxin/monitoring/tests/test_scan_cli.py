"""``fangxin scan FILE``: JSON lines or a table on stdout, exit 0 when it ran, 2 when it cannot.

The exit-code contract runs the real console entry point in a subprocess
(``python -m fangxin.cli``), so exit codes and stderr are what a shell sees; the output details
use ``call_command``, which is much faster. No database.
"""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fangxin.monitoring import formats, rulelists

ROOT = Path(__file__).resolve().parents[3]
RULES = """\
category: absolute_terms
name: 绝对化用语
legal_basis: 《广告法》第九条第（三）项
severity: review
veto: null
allow: [最近]
rules:
  - 最低价
  - term: 第一
    allow: [第一次]
    severity: minor
"""
KEYS = {
    "term",
    "rule",
    "category",
    "severity",
    "legal_basis",
    "start",
    "end",
    "cue_start",
    "row",
    "field",
    "context",
}


def fangxin(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "fangxin.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def rules_dir(tmp_path):
    directory = tmp_path / "rules"
    directory.mkdir()
    (directory / "absolute.yaml").write_text(RULES, encoding="utf-8")
    return directory


def scan(*args: str, **options) -> tuple[str, str]:
    """stdout and stderr of an in-process ``scan``."""
    out, err = io.StringIO(), io.StringIO()
    call_command("scan", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def write(tmp_path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode()
    path.write_bytes(content)
    return path


def test_jsonl_has_exactly_the_report_keys(tmp_path, rules_dir):
    srt = write(
        tmp_path,
        "live.srt",
        "1\n00:00:01,000 --> 00:00:02,000\n全网最低价\n\n"
        "2\n00:01:00,250 --> 00:01:02,000\n我们是第一\n",
    )
    result = fangxin("scan", str(srt), "--rules", str(rules_dir))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [set(line) for line in lines] == [KEYS, KEYS]
    first, second = lines
    assert first == {
        "term": "最低价",
        "rule": "absolute_terms:最低价",
        "category": "absolute_terms",
        "severity": "review",
        "legal_basis": "《广告法》第九条第（三）项",
        "start": 34,
        "end": 37,
        "cue_start": "00:00:01.000",
        "row": None,
        "field": None,
        "context": first["context"],
    }
    assert "全网最低价" in first["context"]
    assert (second["term"], second["severity"], second["cue_start"]) == (
        "第一",
        "minor",
        "00:01:00.250",
    )


def test_listing_hits_carry_row_and_field(tmp_path, rules_dir):
    csv = write(tmp_path, "listing.csv", "标题,描述\n苹果,全网最低价\n")
    out, _err = scan(str(csv), rules=str(rules_dir))
    (line,) = [json.loads(line) for line in out.splitlines()]
    assert set(line) == KEYS
    assert (line["row"], line["field"], line["start"], line["end"]) == (2, "描述", 2, 5)


def test_no_hits_exits_0_with_empty_output(tmp_path, rules_dir):
    text = write(tmp_path, "live.txt", "最近上新的苹果，第一次来的朋友看这里")
    result = fangxin("scan", str(text), "--rules", str(rules_dir))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""


def test_table_format(tmp_path, rules_dir):
    text = write(tmp_path, "live.txt", "全网最低价，我们是第一")
    out, _err = scan(str(text), rules=str(rules_dir), format="table")
    lines = out.splitlines()
    assert lines[0].split() == [
        "start",
        "end",
        "cue_start",
        "row",
        "field",
        "severity",
        "category",
        "term",
    ]
    assert lines[1].split() == ["2", "5", "review", "absolute_terms", "最低价"]
    assert lines[2].split() == ["9", "11", "minor", "absolute_terms", "第一"]
    assert lines[-1] == "2 hits"


def test_skipped_subtitle_blocks_are_reported_on_stderr(tmp_path, rules_dir):
    srt = write(
        tmp_path,
        "live.srt",
        "1\n00:00:01,000 --> 00:00:02,000\n你好\n\n2\nbroken\n最低价\n",
    )
    out, err = scan(str(srt), rules=str(rules_dir))
    assert out == ""
    assert "line 5: no valid timing line, cue skipped" in err


def test_unreadable_input_exits_2_with_the_reason_on_stderr(tmp_path, rules_dir):
    path = write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = fangxin("scan", str(path), "--rules", str(rules_dir))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "image.txt" in result.stderr
    assert "binary" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("report.pdf", "最低价".encode(), "unsupported file type"),
        ("odd.srt", "1\nno timing\n最低价\n".encode(), "no readable subtitle cue"),
        ("listing.json", b"{", "invalid JSON"),
    ],
)
def test_every_unreadable_input_is_a_command_error_with_code_2(
    tmp_path, rules_dir, name, content, message
):
    path = write(tmp_path, name, content)
    with pytest.raises(CommandError, match=message) as caught:
        scan(str(path), rules=str(rules_dir))
    assert caught.value.returncode == 2
    assert name in str(caught.value)


def test_a_missing_file_is_a_command_error_with_code_2(tmp_path, rules_dir):
    with pytest.raises(CommandError, match=r"nothing\.txt") as caught:
        scan(str(tmp_path / "nothing.txt"), rules=str(rules_dir))
    assert caught.value.returncode == 2


def test_an_invalid_rules_dir_exits_2_naming_file_and_line(tmp_path, rules_dir):
    (rules_dir / "bad.yaml").write_text(
        RULES.replace("absolute_terms", "other").replace("name:", "area: marketing\nname:")
        + "  - term: 最高级\n    severity: fatal\n",
        encoding="utf-8",
    )
    text = write(tmp_path, "live.txt", "全网最低价")
    result = fangxin("scan", str(text), "--rules", str(rules_dir))
    assert result.returncode == 2
    assert "bad.yaml:13:" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_rules_dir_is_a_command_error_with_code_2(tmp_path):
    text = write(tmp_path, "live.txt", "全网最低价")
    with pytest.raises(CommandError, match="no such directory") as caught:
        scan(str(text), rules=str(tmp_path / "none"))
    assert caught.value.returncode == 2


def test_a_pattern_without_an_anchor_exits_2(tmp_path, rules_dir):
    (rules_dir / "absolute.yaml").write_text(RULES + "  - pattern: '[0-9]+'\n", encoding="utf-8")
    text = write(tmp_path, "live.txt", "全网最低价")
    result = fangxin("scan", str(text), "--rules", str(rules_dir))
    assert result.returncode == 2
    assert "absolute.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_over_the_size_limit_exits_2(tmp_path, rules_dir, monkeypatch):
    monkeypatch.setattr(formats, "MAX_BYTES", 16)
    text = write(tmp_path, "live.txt", "全网最低价" * 10)
    with pytest.raises(CommandError, match="limit") as caught:
        scan(str(text), rules=str(rules_dir))
    assert caught.value.returncode == 2


def test_the_shipped_rules_are_the_default(tmp_path):
    if not any(rulelists.DEFAULT_DIR.glob("*.yaml")):
        pytest.skip("no shipped rule files yet")
    text = write(tmp_path, "live.txt", "今天给大家介绍烟台苹果，产地直发。")
    out, _err = scan(str(text))
    for line in out.splitlines():
        assert set(json.loads(line)) == KEYS
