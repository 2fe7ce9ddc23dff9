"""Nothing internal reachable from the public site (issue 15, bad input and security): an
anonymous crawl from the front door follows every same-site link and every open-data address,
and finds no mobile number other than the office's, no checksum-valid ID number, and nothing
unpublished — a draft story, a withdrawn candidate, an unpublished answer, a contact."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import override_settings

from fangxin.core.roles import Role
from fangxin.disclosure import services
from fangxin.disclosure.models import Suggestion
from fangxin.disclosure.tests.factories import StoryFactory
from fangxin.registry import idnumber
from fangxin.titles.models import Candidate, Title

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
EIGHTEEN = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
OFFICE_PHONE = "13912345678"
# Where an anonymous visitor may go; the rest (staff pages, the admin, sign-in) is not crawled.
PUBLIC = ("/public/", "/api/v1/public/", "/programme/")
NOT_PAGES = ("/public/draws/verifier.py", "/captcha/", "/i18n/")
LIMIT = 250
NOTICES = ("/public/titles/notices/", "/api/v1/public/notices/")


def _links(text: str) -> list[str]:
    found = re.findall(r'(?:href|src)="([^"#]+)"', text)
    found += re.findall(r'"(?:next|url|verify_url|verification_url)":\s*"([^"]+)"', text)
    return [link.replace("&amp;", "&") for link in found]


def _local(link: str) -> str | None:
    parts = urlsplit(link)
    if parts.netloc not in ("", "testserver", "fangxin.example.gov.cn"):
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if path == "/" or (path.startswith(PUBLIC) and not path.startswith(NOT_PAGES)):
        return path
    return None


@pytest.fixture
def planted(make_title, make_user, office):
    """Public content beside what must stay internal, with phones and ID numbers everywhere."""
    live = make_title(contact_phone="13800001111", legal_rep_id_number="330522199001011231")
    make_title(
        name="已撤销的店",
        handle="撤销号",
        status=Title.Status.REVOKED,
        contact_phone="13800002222",
        legal_rep_id_number="33052219900101124X",
    )
    withdrawn = make_title(name="被撤回的候选店", handle="撤回号").candidate
    Candidate.objects.filter(pk=withdrawn.pk).update(withdrawn=True)
    Title.objects.filter(candidate=withdrawn).delete()
    story = services.save_story(
        office,
        StoryFactory.build(title="公开的典型", operator=live.operator, author=office),
        publish=True,
    )
    draft = services.save_story(
        office,
        StoryFactory.build(title="尚未发布的草稿", operator=None, author=office),
        publish=None,
    )
    answered = services.submit_suggestion("王五", "13700003333", "建议公开更多抽检结果。")
    services.answer_suggestion(office, answered, "已采纳，每月公开。", publish=True)
    private = services.submit_suggestion("赵六", "13700004444", "内部意见。")
    services.answer_suggestion(office, private, "不公开的答复内容", publish=False)
    return {"live": live, "story": story, "draft": draft, "withdrawn": withdrawn}


@override_settings(FANGXIN_OFFICE_PHONE=OFFICE_PHONE)
def test_an_anonymous_crawl_reaches_nothing_internal(client, planted):
    start = [
        "/",
        "/public/sellers/?status=all",
        "/public/titles/notices/",
        "/public/stories/",
        "/public/suggestions/",
        "/api/v1/public/titles/",
        "/api/v1/public/notices/",
        "/api/v1/public/draws/",
        "/public/feed/titles.csv",
        f"/public/titles/{planted['live'].certificate_no}/",
    ]
    seen: set[str] = set()
    queue = list(start)
    while queue and len(seen) < LIMIT:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        answer = client.get(url, HTTP_ACCEPT="text/html,application/json")
        assert answer.status_code in (200, 304), (url, answer.status_code)
        if not answer.get("Content-Type", "").startswith(("text/", "application/json")):
            continue
        text = answer.content.decode("utf-8-sig")
        assert not set(MOBILE.findall(text)) - {OFFICE_PHONE}, url
        assert not [m for m in EIGHTEEN.findall(text) if idnumber.is_valid(m)], url
        for hidden in ("尚未发布的草稿", "不公开的答复内容", "内部意见", "王五"):
            assert hidden not in text, (url, hidden)
        # A withdrawn candidate is still enrolled (rated like any other) but off every notice.
        if url.startswith(NOTICES):
            assert "被撤回的候选店" not in text, url
        queue += [path for link in _links(text) if (path := _local(link)) and path not in seen]
    draft = planted["draft"]
    assert not [url for url in seen if url.startswith(f"/public/stories/{draft.pk}/")]
    assert client.get(f"/public/stories/{draft.pk}/").status_code == 404
    # The crawl did reach the published things.
    assert f"/public/stories/{planted['story'].pk}/" in seen
    assert f"/public/titles/{planted['live'].certificate_no}/badge.svg" in seen
    assert any(re.fullmatch(r"/public/titles/notices/\d+/", url) for url in seen)
    assert Suggestion.objects.count() == 2
    assert len(seen) > 15


def test_the_crawl_would_see_a_phone(client, planted, make_user):
    """The check can fail: a published answer that quotes a mobile number is found."""
    office = make_user(Role.OFFICE)
    leaky = services.submit_suggestion("", "", "请回电。")
    services.answer_suggestion(office, leaky, "请拨打13600005555咨询。", publish=True)
    text = client.get("/public/suggestions/").content.decode()
    assert MOBILE.findall(text) == ["13600005555"]


@override_settings(FANGXIN_OFFICE_PHONE=OFFICE_PHONE)
def test_the_crawl_reaches_published_red_and_black_lists_never_a_draft(client, make_title, office):
    """The red and black list (oversight): from the front door a visitor reaches the current
    list, the archive, the publication and its open data; a draft's entries, a removed entry
    and an unpublished legal representative are nowhere."""
    from datetime import date

    from fangxin.oversight import lists_services as lists
    from fangxin.supervision.models import CreditListing

    red = make_title(name="红榜上的店", contact_phone="13800005555").operator
    removed = make_title(name="被移出草稿的店", handle="移出号").operator
    black = make_title(name="黑榜上的店", handle="黑号", legal_rep_name="王黑").operator
    CreditListing.objects.create(
        operator=black,
        kind="serious_violation",
        code=black.uscc,
        name=black.name,
        listed_on=date(2026, 2, 1),
        authority="长兴县市场监督管理局",
    )
    published = lists.draft_lists(office, 2026, 1)
    lists.remove_entry(office, published.entries.get(operator=removed), "待核实")
    lists.approve(office, published)
    lists.publish(office, published, today=date(2026, 4, 10))
    make_title(name="只在草稿里的店", handle="草稿号")
    draft = lists.draft_lists(office, 2026, 2)
    seen: set[str] = set()
    queue = ["/"]
    while queue and len(seen) < LIMIT:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        answer = client.get(url, HTTP_ACCEPT="text/html,application/json")
        assert answer.status_code in (200, 304), (url, answer.status_code)
        if not answer.get("Content-Type", "").startswith(("text/", "application/json")):
            continue
        text = answer.content.decode("utf-8-sig")
        assert not set(MOBILE.findall(text)) - {OFFICE_PHONE}, url
        if "/oversight/" in url or "/list-" in url:
            for hidden in ("只在草稿里的店", "被移出草稿的店", "张三"):
                assert hidden not in text, (url, hidden)
        queue += [path for link in _links(text) if (path := _local(link)) and path not in seen]
    assert "/public/oversight/lists/" in seen
    assert "/public/oversight/lists/archive/" in seen
    assert f"/public/oversight/lists/{published.pk}/" in seen
    assert f"/public/oversight/lists/{draft.pk}/" not in seen
    assert any(url.startswith("/api/v1/public/list-entries/") for url in seen)
    body = client.get("/public/oversight/lists/").content.decode()
    assert red.name in body and black.name in body
    assert "王黑" in body  # the credit-listing rule publishes the legal representative
