"""The public site (issue 15, items 1, 2 and 5): the front door at ``/``, finding a trusted
seller, and a certificate's live badge; the staff desk moved to ``/desk/``."""

import re
from datetime import date

import pytest
from django.test import override_settings

from fangxin.core.roles import Role
from fangxin.core.tests.factories import PASSWORD
from fangxin.registry import idnumber
from fangxin.titles.models import Title

pytestmark = pytest.mark.django_db

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
EIGHTEEN = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


# The front door ------------------------------------------------------------------------------


def test_the_front_door_is_public_and_says_who_runs_it(client, campaign):
    answer = client.get("/")
    assert answer.status_code == 200
    body = answer.content.decode()
    assert "长兴县市场监督管理局" in body
    assert "放心电商培育行动" in body
    assert 'id="staff-login"' in body and "/accounts/login/" in body
    # This year's phases with their dates, and the work guide.
    phases = body[body.index('id="phases"') :]
    assert "动员部署" in phases and "总结提升" in phases
    assert f"/programme/{campaign.year}/guide/" in phases


@override_settings(
    FANGXIN_AUTHORITY_NAME="安吉县市场监督管理局",
    FANGXIN_TITLE_NAME="安吉放心电商",
    FANGXIN_OFFICE_PHONE="0572-5123456,13912345678",
    FANGXIN_OFFICE_ADDRESS="安吉县递铺街道测试路1号",
    FANGXIN_ICP_RECORD="浙ICP备00000000号-1",
    FANGXIN_PUBLIC_SECURITY_RECORD="浙公网安备 33052202000000号",
)
def test_another_county_configures_its_name_and_footer(client):
    body = client.get("/").content.decode()
    assert "安吉县市场监督管理局" in body and "长兴县市场监督管理局" not in body
    assert "“安吉放心电商”" in body
    footer = body[body.index('id="site-footer"') :]
    assert "12315" in footer
    assert "0572-5123456" in footer and "13912345678" in footer
    assert "安吉县递铺街道测试路1号" in footer
    assert "浙ICP备00000000号-1" in footer and "https://beian.miit.gov.cn/" in footer
    assert "浙公网安备 33052202000000号" in footer
    assert "/public/privacy/" in footer


def test_empty_footer_fields_are_left_out(client):
    footer = client.get("/").content.decode().split('id="site-footer"')[1]
    assert "12315" in footer
    assert 'id="footer-address"' not in footer
    assert 'id="footer-icp"' not in footer
    assert "办公室电话" not in footer


def test_the_front_door_has_one_entry_per_public_service(client):
    body = client.get("/").content.decode()
    services = body[body.index('id="services"') : body.index("</ul>", body.index('id="services"'))]
    for href in (
        "/public/sellers/",
        "/public/titles/verify/",
        "/public/titles/notices/",
        "/public/complaints/",
        "/public/ratings/",
        "/public/draws/",
        "/public/inspections/",
    ):
        assert f'href="{href}"' in services, href
    # Every entry leads to a page that answers: no dead link.
    for href in re.findall(r'href="([^"]+)"', services):
        assert client.get(href).status_code == 200, href


def test_the_front_door_counts_current_titles(client, make_title):
    make_title()
    make_title(name="已撤销的店", handle="撤销号", status=Title.Status.REVOKED)
    assert "目前共有 1 个有效的" in client.get("/").content.decode()


def test_signed_in_staff_see_the_public_page_with_a_link_to_their_desk(client, office):
    client.force_login(office)
    body = client.get("/").content.decode()
    assert 'id="desk-link"' in body and 'href="/desk/"' in body
    assert 'id="staff-login"' not in body


def test_the_staff_desk_moved_to_desk(client, make_user):
    make_user(Role.OFFICE, username="boss")
    answer = client.post("/accounts/login/", {"username": "boss", "password": PASSWORD})
    assert answer.status_code == 302 and answer["Location"] == "/desk/"
    assert "home-cards" in client.get("/desk/").content.decode()


def test_the_desk_still_asks_anonymous_visitors_to_sign_in(client):
    answer = client.get("/desk/")
    assert answer.status_code == 302 and answer["Location"].startswith("/accounts/login/")


def test_the_privacy_notice_is_public(client):
    body = client.get("/public/privacy/").content.decode()
    assert "个人信息" in body
    with override_settings(FANGXIN_PRIVACY_NOTICE_SITE="本站的隐私声明（测试）"):
        assert "本站的隐私声明（测试）" in client.get("/public/privacy/").content.decode()


def test_anonymous_navigation_starts_at_the_front_door(client):
    body = client.get("/public/inspections/").content.decode()
    nav = body[body.index('id="nav-items"') : body.index("</ul>", body.index('id="nav-items"'))]
    assert nav.index('href="/"') < nav.index('href="/public/sellers/"')


# Finding a trusted seller --------------------------------------------------------------------


def _certificates(answer) -> list[str]:
    return re.findall(r'data-certificate="([^"]+)"', answer.content.decode())


def test_sellers_lists_current_holders_only_by_default(client, make_title):
    valid = make_title()
    make_title(name="已撤销的店", handle="撤销号", status=Title.Status.REVOKED)
    make_title(name="过期的店", handle="过期号", valid_until=date(2026, 1, 31))
    answer = client.get("/public/sellers/")
    assert answer.status_code == 200
    assert _certificates(answer) == [valid.certificate_no]
    body = answer.content.decode()
    assert f'href="/public/titles/{valid.certificate_no}/"' in body
    assert valid.operator.uscc in body and "长兴好物直播间" in body
    assert "有效" in body


@pytest.mark.parametrize("query", ["放心好物", "长兴好物直播间", "好物直播", "@长兴好物直播间"])
def test_a_seller_is_found_by_name_or_platform_handle(client, make_title, query):
    wanted = make_title()
    make_title(name="别家商贸有限公司", handle="别家直播")
    assert _certificates(client.get("/public/sellers/", {"q": query})) == [wanted.certificate_no]


def test_a_seller_is_found_by_credit_code_and_certificate_number(client, make_title):
    wanted = make_title()
    make_title(name="别家商贸有限公司", handle="别家直播")
    by_code = client.get("/public/sellers/", {"q": wanted.operator.uscc.lower()})
    assert _certificates(by_code) == [wanted.certificate_no]
    by_number = client.get("/public/sellers/", {"q": wanted.certificate_no})
    assert _certificates(by_number) == [wanted.certificate_no]


def test_sellers_filter_by_kind_area_and_status(client, make_title):
    live = make_title()
    group = make_title(name="社区团购合作社", handle="团购群", kind="group_buying")
    revoked = make_title(name="已撤销的店", handle="撤销号", status=Title.Status.REVOKED)
    assert _certificates(client.get("/public/sellers/", {"kind": "group_buying"})) == [
        group.certificate_no
    ]
    area = client.get("/public/sellers/", {"area": live.operator.area_id})
    assert _certificates(area) == [live.certificate_no]
    gone = client.get("/public/sellers/", {"status": "revoked"})
    assert _certificates(gone) == [revoked.certificate_no]
    assert "已撤销" in gone.content.decode()
    assert len(_certificates(client.get("/public/sellers/", {"status": "all"}))) == 3


def test_a_revoked_holder_is_not_found_as_current(client, make_title):
    make_title(name="已撤销的店", handle="撤销号", status=Title.Status.REVOKED)
    answer = client.get("/public/sellers/", {"q": "撤销号"})
    assert _certificates(answer) == []
    assert 'id="no-sellers"' in answer.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "好" * 5000},
        {"kind": "nonsense"},
        {"area": "abc"},
        {"area": "999999"},
        {"status": "<script>"},
        {"page": "-1"},
        {"page": "99999"},
        {"q": "%'; DROP TABLE titles_title; --"},
    ],
)
def test_bad_search_input_gets_a_clear_answer_never_500(client, make_title, params):
    make_title()
    answer = client.get("/public/sellers/", params)
    assert answer.status_code == 200
    body = answer.content.decode()
    if "q" in params and len(params["q"]) > 100:
        assert "查询内容太长：最多100个字。" in body
    if params.get("kind") == "nonsense" or params.get("area") in ("abc", "999999"):
        assert 'id="search-errors"' in body
    assert "<script>" not in body.split('id="main"')[1]


def test_sellers_are_paginated(client, make_title):
    for n in range(23):
        make_title(name=f"分页测试{n:02d}号店", handle=f"分页号{n:02d}")
    first = client.get("/public/sellers/")
    second = client.get("/public/sellers/", {"page": 2})
    assert len(_certificates(first)) == 20 and len(_certificates(second)) == 3
    assert "第 1 / 2 页" in first.content.decode()


def test_the_seller_list_shows_nothing_personal(client, make_title):
    title = make_title()
    body = client.get("/public/sellers/", {"status": "all"}).content.decode()
    operator = title.operator
    assert operator.contact_phone not in body
    assert operator.legal_rep_id_number not in body
    assert operator.legal_rep_name not in body


# The badge -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "valid_until", "label"),
    [
        (Title.Status.VALID, None, "有效"),
        (Title.Status.REVOKED, None, "已撤销"),
        (Title.Status.EXPIRED, date(2026, 3, 1), "已过期"),
        # Still marked valid but past its last day (the sweep has not run): never "valid".
        (Title.Status.VALID, date(2026, 3, 1), "已过期"),
    ],
)
def test_the_badge_draws_the_current_status(client, make_title, status, valid_until, label):
    title = make_title(status=status, valid_until=valid_until)
    answer = client.get(f"/public/titles/{title.certificate_no}/badge.svg")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("image/svg+xml")
    svg = answer.content.decode()
    drawn = re.search(r'data-status="(\w+)">([^<]+)<', svg)
    assert drawn.group(2) == label
    assert title.certificate_no in svg
    assert f"/public/titles/{title.certificate_no}/" in svg  # the verification link
    if label != "有效":
        assert ">有效<" not in svg


def test_a_revoked_titles_badge_never_says_valid(client, make_title):
    title = make_title(status=Title.Status.REVOKED)
    svg = client.get(f"/public/titles/{title.certificate_no}/badge.svg").content.decode()
    assert "已撤销" in svg and "2026-06-01" in svg
    assert ">有效<" not in svg and 'data-status="valid"' not in svg


def test_the_badge_is_cached_briefly_with_an_etag(client, make_title):
    title = make_title()
    url = f"/public/titles/{title.certificate_no}/badge.svg"
    answer = client.get(url)
    assert answer["Cache-Control"] == "public, max-age=300"
    etag = answer["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    # Revoked: the bytes change, so the old tag no longer matches.
    Title.objects.filter(pk=title.pk).update(
        status=Title.Status.REVOKED, revoked_on=date(2026, 6, 1)
    )
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and "已撤销" in changed.content.decode()


@override_settings(FANGXIN_PUBLIC_BASE_URL="https://fangxin.example.gov.cn/")
def test_the_badge_links_to_the_configured_public_address(client, make_title):
    title = make_title()
    svg = client.get(f"/public/titles/{title.certificate_no}/badge.svg").content.decode()
    assert f"https://fangxin.example.gov.cn/public/titles/{title.certificate_no}/" in svg


def test_the_png_badge(client, make_title):
    pytest.importorskip("PIL")
    title = make_title(status=Title.Status.REVOKED)
    answer = client.get(f"/public/titles/{title.certificate_no}/badge.png")
    if answer.status_code == 503:  # no Chinese font on this machine
        pytest.skip(answer.content.decode())
    assert answer.status_code == 200 and answer["Content-Type"] == "image/png"
    assert answer.content.startswith(b"\x89PNG")
    assert answer["Cache-Control"] == "public, max-age=300" and answer["ETag"]


@pytest.mark.parametrize(
    "number", ["CXFX-2026-9999", "not-a-number", "x" * 300, "%3Cscript%3E", "CXFX 2026"]
)
@pytest.mark.parametrize("suffix", ["badge.svg", "badge.png"])
def test_an_unknown_or_malformed_number_is_404(client, make_title, number, suffix):
    make_title()
    assert client.get(f"/public/titles/{number}/{suffix}").status_code == 404


def test_the_badge_is_get_only(client, make_title):
    title = make_title()
    assert client.post(f"/public/titles/{title.certificate_no}/badge.svg").status_code == 405


def test_the_verification_page_shows_the_badge_and_its_snippet(client, make_title):
    title = make_title()
    body = client.get(f"/public/titles/{title.certificate_no}/").content.decode()
    assert 'id="badge-image"' in body
    # The preview is this host's (the page's security policy allows no other image host) ...
    assert f'src="/public/titles/{title.certificate_no}/badge.svg"' in body
    snippet = body[body.index('id="badge-html"') :]
    assert "&lt;img src=&quot;" not in snippet  # escaped once: readable when copied
    assert f"&lt;a href=&quot;http://testserver/public/titles/{title.certificate_no}/" not in (
        snippet
    )
    assert f'&lt;a href="http://testserver/public/titles/{title.certificate_no}/"' in snippet
    # ... the snippet a storefront copies names the public address.
    assert f'src="http://testserver/public/titles/{title.certificate_no}/badge.svg"' in snippet


# Nothing personal anywhere -------------------------------------------------------------------


def _valid_ids(text: str) -> list[str]:
    return [m for m in EIGHTEEN.findall(text) if idnumber.is_valid(m)]


@override_settings(FANGXIN_OFFICE_PHONE="13912345678")
def test_an_anonymous_crawl_finds_no_personal_number(client, make_title):
    live = make_title(contact_phone="13800001111", legal_rep_id_number="330522199001011231")
    revoked = make_title(
        name="已撤销的店",
        handle="撤销号",
        status=Title.Status.REVOKED,
        contact_phone="13800002222",
        legal_rep_id_number="33052219900101124X",
    )
    assert idnumber.is_valid(live.operator.legal_rep_id_number)
    start = [
        "/",
        "/public/sellers/",
        "/public/sellers/?status=all",
        "/public/privacy/",
        "/public/titles/verify/",
        "/public/titles/notices/",
    ]
    for title in (live, revoked):
        start += [
            f"/public/titles/{title.certificate_no}/",
            f"/public/titles/{title.certificate_no}/badge.svg",
        ]
    seen: set[str] = set()
    queue = list(start)
    # The public site's own pages (the other apps' public pages have their own tests).
    mine = ("/public/sellers", "/public/privacy", "/public/titles/")
    while queue:
        url = queue.pop()
        if url in seen or len(seen) > 80:
            continue
        seen.add(url)
        answer = client.get(url)
        assert answer.status_code == 200, url
        text = answer.content.decode()
        phones = set(MOBILE.findall(text)) - {"13912345678"}
        assert not phones, (url, phones)
        assert not _valid_ids(text), url
        for href in re.findall(r'href="(/[^"#]*)"', text):
            href = href.replace("&amp;", "&")
            if href == "/" or (href.startswith(mine) and "/accounts/" not in href):
                queue.append(href)
    assert "/public/sellers/" in seen and f"/public/titles/{live.certificate_no}/" in seen
