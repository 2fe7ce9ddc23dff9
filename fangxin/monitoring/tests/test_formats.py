"""Input formats: decoding, subtitles, listings, and the files the scanner refuses.

Pure Python: no database, no Django.
"""

import io
import json
import re

import pytest
from openpyxl import Workbook

from fangxin.monitoring import formats, rulelists
from fangxin.monitoring.formats import UnreadableInput
from fangxin.monitoring.scanner import BARRIER, Scanner

RULES = """\
category: absolute_terms
name: 绝对化用语
legal_basis: 《广告法》第九条第（三）项
severity: review
veto: null
allow: [最近]
rules:
  - 最低价
  - 主播
  - term: 第一
    allow: [第一次]
"""
CUE_TIME = re.compile(r"^\d{2}:\d{2}:\d{2}\.\d{3}$")


@pytest.fixture(scope="module")
def scanner():
    return Scanner(rulelists.parse({"absolute.yaml": RULES}))


def scan(scanner, data: bytes, name: str):
    return formats.scan(scanner, formats.load(data, name))


def terms(hits):
    return [h.hit.term for h in hits]


# --- plain text and decoding -------------------------------------------------------------------


def test_plain_text_hits_carry_offsets_into_the_file(scanner):
    text = "大家好，全网最低价，第一次来的朋友看这里"
    (hit,) = scan(scanner, text.encode(), "live.txt")
    assert (hit.start, hit.end, hit.hit.term) == (6, 9, "最低价")
    assert text[hit.start : hit.end] == "最低价"
    assert (hit.cue_start, hit.row, hit.field) == (None, None, None)


def test_utf8_with_bom_is_decoded_and_offsets_ignore_the_bom(scanner):
    document = formats.load("\ufeff最低价".encode(), "live.txt")
    assert document.text == "最低价"
    (hit,) = formats.scan(scanner, document)
    assert (hit.start, hit.end) == (0, 3)


def test_gb18030_is_decoded(scanner):
    text = "直播间全网最低價，欢迎"
    document = formats.load(text.encode("gb18030"), "live.txt")
    assert document.encoding == "gb18030"
    assert document.text == text
    assert terms(formats.scan(scanner, document)) == ["最低價"]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.txt", "binary"),
        (b"", "empty.txt", "empty"),
        (b"  \r\n\n ", "blank.srt", "empty"),
        (b"\xff\xfe\xfa\xfb" * 4, "odd.txt", "neither UTF-8 nor GB18030"),
        ("最低价".encode(), "report.pdf", "unsupported file type '.pdf'"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(data, name, message):
    with pytest.raises(UnreadableInput, match=re.escape(message)):
        formats.load(data, name)


def test_a_file_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(formats, "MAX_BYTES", 16)
    with pytest.raises(UnreadableInput, match="limit"):
        formats.load("最低价".encode() * 10, "live.txt")
    assert formats.load("最低价".encode(), "live.txt").text == "最低价"


def test_a_barrier_character_in_the_file_is_plain_text(scanner):
    document = formats.load(f"最低{BARRIER}价".encode(), "live.txt")
    assert len(document.scan_text) == len(document.text)
    assert BARRIER not in document.scan_text


# --- SRT ---------------------------------------------------------------------------------------

SRT = """\
1
00:00:01,000 --> 00:00:02,500
大家好，全网最低价

2
00:00:03,000 oops
第一名的错块

3
01:02:03,040 --> 01:02:05,000
第一次来的朋友
今天 最 低 价

"""


def test_srt_cues_are_scanned_and_a_malformed_block_is_skipped_and_reported(scanner):
    document = formats.load(SRT.encode(), "live.srt")
    assert document.kind == "subtitles"
    assert document.skipped == ["line 5: no valid timing line, cue skipped"]
    hits = formats.scan(scanner, document)
    assert [(h.hit.term, h.cue_start) for h in hits] == [
        ("最低价", "00:00:01.000"),
        ("最 低 价", "01:02:03.040"),
    ]
    for hit in hits:
        assert CUE_TIME.match(hit.cue_start)
        assert document.text[hit.start : hit.end] == hit.hit.term


def test_srt_numbers_and_timings_are_not_scanned():
    scanner = Scanner(
        rulelists.parse({"a.yaml": RULES.split("rules:")[0] + "rules:\n  - '00'\n  - '-->'\n"})
    )
    assert scan(scanner, SRT.encode(), "live.srt") == []


def test_srt_with_crlf_and_dot_milliseconds(scanner):
    srt = "1\r\n00:00:01.5 --> 00:00:02.000\r\n最低价\r\n\r\n"
    (hit,) = scan(scanner, srt.encode(), "live.srt")
    assert hit.cue_start == "00:00:01.500"
    assert hit.hit.term == "最低价"


def test_a_term_split_across_two_cues_is_not_found(scanner):
    srt = "1\n00:00:01,000 --> 00:00:02,000\n说 最 低\n\n2\n00:00:03,000 --> 00:00:04,000\n价 格\n"
    assert scan(scanner, srt.encode(), "live.srt") == []


def test_srt_without_any_readable_cue_is_refused():
    with pytest.raises(UnreadableInput, match="no readable subtitle cue"):
        formats.load("1\nnot a timing\n最低价\n".encode(), "live.srt")


# --- WebVTT ------------------------------------------------------------------------------------

VTT = """\
WEBVTT - 直播回放 最低价

NOTE 这条备注里的最低价不扫描

intro
00:01.000 --> 00:02.000 align:start
<v 主播>全网最低价</v>

00:00:03.500 --> 00:00:04.000
<v.loud 主播>第一次来？</v> 主播说：第一
"""


def test_webvtt_skips_header_and_notes_and_tags(scanner):
    document = formats.load(VTT.encode(), "live.vtt")
    assert document.skipped == []
    hits = formats.scan(scanner, document)
    assert [(h.hit.term, h.cue_start) for h in hits] == [
        ("最低价", "00:00:01.000"),
        ("主播", "00:00:03.500"),  # the spoken word, not the <v 主播> voice tag
        ("第一", "00:00:03.500"),
    ]
    spoken = VTT.index("主播说")
    assert hits[1].start == spoken


def test_webvtt_without_header_is_read_and_reported(scanner):
    document = formats.load("00:01.000 --> 00:02.000\n最低价\n".encode(), "live.vtt")
    assert document.skipped == ["line 1: missing WEBVTT header (read as cues anyway)"]
    assert terms(formats.scan(scanner, document)) == ["最低价"]


def test_a_term_split_by_inline_tags_is_found(scanner):
    # Styling inside a word must not hide it: a tag is markup, not a barrier.
    vtt = "WEBVTT\n\n00:01.000 --> 00:02.000\n<c.yellow>最</c>低价，最<i>低</i>价\n"
    hits = scan(scanner, vtt.encode(), "live.vtt")
    assert [h.hit.term for h in hits] == ["最</c>低价", "最<i>低</i>价"]
    for hit in hits:
        assert vtt[hit.start : hit.end] == hit.hit.term
        assert hit.cue_start == "00:00:01.000"


# --- listings ----------------------------------------------------------------------------------


def test_csv_hits_name_row_field_and_offsets_in_the_cell(scanner):
    csv = '标题,价格,描述\n好苹果,12,全网最低价\n烟台苹果,9,"说是第一\n也是最低价"\n'
    document = formats.load(csv.encode(), "listing.csv")
    hits = formats.scan(scanner, document)
    assert [(h.row, h.field, h.start, h.end, h.hit.term) for h in hits] == [
        (2, "描述", 2, 5, "最低价"),
        (3, "描述", 2, 4, "第一"),
        (3, "描述", 7, 10, "最低价"),
    ]
    assert hits[0].hit.context == "全网最低价"
    assert all(h.cue_start is None for h in hits)


def test_csv_in_gb18030(scanner):
    csv = "标题,描述\n最低价,\n".encode("gb18030")
    (hit,) = scan(scanner, csv, "listing.csv")
    assert (hit.row, hit.field, hit.start, hit.end) == (2, "标题", 0, 3)


def test_a_term_split_across_cells_is_not_found(scanner):
    assert scan(scanner, "a,b\n最低,价\n".encode(), "listing.csv") == []


def test_xlsx_listing(scanner):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["商品名称", "价格", "卖点"])
    sheet.append(["烟台苹果", 12, "全网最低价"])
    sheet.append([None, 8.5, None])
    sheet.append(["第一名苹果", None, "最近上新"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    hits = scan(scanner, buffer.getvalue(), "listing.xlsx")
    assert [(h.row, h.field, h.start, h.end, h.hit.term) for h in hits] == [
        (2, "卖点", 2, 5, "最低价"),
        (4, "商品名称", 0, 2, "第一"),
    ]


@pytest.mark.parametrize(
    "csv",
    ["描述,描述\n全网最低价,好\n", "标题,,\n好,全网最低价,第一\n"],
    ids=["repeated", "unnamed"],
)
def test_every_csv_cell_is_scanned_whatever_its_header(scanner, csv):
    assert "最低价" in terms(scan(scanner, csv.encode(), "listing.csv"))


def test_cells_beyond_the_header_are_scanned(scanner):
    assert terms(scan(scanner, "标题,描述\n好,便宜,全网最低价\n".encode(), "listing.csv")) == [
        "最低价"
    ]


def test_an_unheaded_xlsx_column_is_scanned(scanner):
    workbook = Workbook()
    workbook.active.append(["标题", None])
    workbook.active.append(["好", "全网最低价"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert terms(scan(scanner, buffer.getvalue(), "listing.xlsx")) == ["最低价"]


def test_nested_json_text_is_scanned(scanner):
    data = json.dumps(
        [{"title": "苹果", "tags": ["全网最低价"], "desc": {"zh": "第一好"}}], ensure_ascii=False
    )
    assert sorted(terms(scan(scanner, data.encode(), "listing.json"))) == ["最低价", "第一"]


@pytest.mark.parametrize("data", [b"not a zip", b"PK\x03\x04broken"])
def test_a_broken_workbook_is_refused(data):
    with pytest.raises(UnreadableInput, match="workbook"):
        formats.load(data, "listing.xlsx")


@pytest.mark.parametrize(
    "payload",
    [
        [{"title": "苹果", "desc": "全网最低价"}, "not an object", {"title": "第一好"}],
        {"count": 2, "items": [{"title": "苹果", "desc": "全网最低价"}, 7, {"title": "第一好"}]},
    ],
)
def test_json_listing(scanner, payload):
    data = json.dumps(payload, ensure_ascii=False).encode()
    hits = scan(scanner, data, "listing.json")
    assert [(h.row, h.field, h.start, h.end, h.hit.term) for h in hits] == [
        (1, "desc", 2, 5, "最低价"),
        (3, "title", 0, 2, "第一"),
    ]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b'{"items": [', "listing.json", "invalid JSON at line 1"),
        (b'{"items": 3}', "listing.json", "list of objects"),
        (b'[{"price": 3}]', "listing.json", "no text cells"),
        ("标题\n".encode(), "listing.csv", "no text cells"),
    ],
)
def test_unreadable_listings_are_refused(data, name, message):
    with pytest.raises(UnreadableInput, match=re.escape(message)):
        formats.load(data, name)


# --- patterns and barriers ---------------------------------------------------------------------

PATTERN_RULES = (
    RULES.split("rules:")[0] + "rules:\n  - pattern: '品牌.?.?第一'\n    name: 品牌第一\n"
)


def test_a_pattern_does_not_span_two_cells():
    scanner = Scanner(rulelists.parse({"a.yaml": PATTERN_RULES}))
    assert scan(scanner, "名称,描述\n好品牌,第一\n".encode(), "listing.csv") == []


def test_a_pattern_does_not_span_two_cues():
    scanner = Scanner(
        rulelists.parse(
            {
                "a.yaml": RULES.split("rules:")[0]
                + "rules:\n  - pattern: '品牌\\W*第一'\n    name: x\n"
            }
        )
    )
    srt = "1\n00:00:01,000 --> 00:00:02,000\n好品牌\n\n2\n00:00:03,000 --> 00:00:04,000\n第一\n"
    assert scan(scanner, srt.encode(), "live.srt") == []


def test_a_pattern_next_to_a_cell_boundary_is_still_found():
    scanner = Scanner(
        rulelists.parse(
            {
                "a.yaml": RULES.split("rules:")[0]
                + "rules:\n  - pattern: '品牌.{0,3}第一'\n    name: 品牌第一\n"
            }
        )
    )
    hits = scan(scanner, "名称,描述\n好品牌第一,第一\n".encode(), "listing.csv")
    assert [(h.row, h.field, h.start, h.end, h.hit.term) for h in hits] == [
        (2, "名称", 1, 5, "品牌第一")
    ]


def test_a_pattern_inside_one_cell_is_found():
    scanner = Scanner(rulelists.parse({"a.yaml": PATTERN_RULES}))
    (hit,) = scan(scanner, "名称,描述\n苹果,好品牌，第一\n".encode(), "listing.csv")
    assert (hit.row, hit.field, hit.start, hit.end, hit.hit.term) == (2, "描述", 1, 6, "品牌，第一")
