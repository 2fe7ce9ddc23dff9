"""Every page a role reaches from its home page, checked for what a reader trips over (issue 11,
item 13): a select whose empty choice reads "---------", a visible input with no label.

The pages are found by following links from the home page of each demo account, one page per
URL pattern, so a new page is checked the day it is linked.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from fangxin.core.models import User

ROLES = ("office", "station", "inspector", "operator", "monitor")
# Not pages: files, language and session switches, the API, Django's admin, and the public site
# (its own tests).
SKIP_PREFIXES = (
    "/api/",
    "/static/",
    "/media/",
    "/i18n/",
    "/accounts/logout",
    "/captcha/",
    "/public/",
    "/admin/",
)
SKIP_WORDS = (
    "export",
    "download",
    "file",
    "evidence",
    ".pdf",
    ".xlsx",
    ".csv",
    ".json",
    "template",
)
PAGE_LIMIT = 200
DASHES = re.compile(r"<option[^>]*>\s*-{3,}\s*</option>")
UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class _Controls(HTMLParser):
    def __init__(self):
        super().__init__()
        self.label_for: set[str] = set()
        self.open_labels = 0
        self.controls: list[tuple[str, dict]] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label":
            self.open_labels += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag in {"input", "select", "textarea"}:
            if tag == "input" and attrs.get("type", "text") in UNLABELLED_TYPES:
                return
            if self.open_labels or attrs.get("aria-label") or attrs.get("aria-labelledby"):
                return
            self.controls.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag == "label" and self.open_labels:
            self.open_labels -= 1

    def unlabelled(self) -> list[str]:
        return [
            f"<{tag} name={attrs.get('name')!r} id={attrs.get('id')!r}>"
            for tag, attrs in self.controls
            if not attrs.get("id") or attrs["id"] not in self.label_for
        ]


def _walk(client) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    seen_views: set[str] = set()
    queue = deque(["/"])
    pages = 0
    while queue and pages < PAGE_LIMIT:
        url = queue.popleft()
        path = urlsplit(url).path
        try:
            view = resolve(path).view_name
        except Resolver404:
            continue
        if view in seen_views:
            continue
        seen_views.add(view)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        html = response.content.decode()
        parser = _Controls()
        parser.feed(html)
        found = parser.unlabelled()
        if DASHES.search(html):
            found.append('an empty choice reads "---------"')
        if found:
            problems[url] = found
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(SKIP_PREFIXES) or any(w in parts.path for w in SKIP_WORDS):
                continue
            queue.append(parts.path)
    assert pages > 3, f"the walk found only {pages} pages"
    return problems


@pytest.mark.django_db
def test_every_page_labels_its_inputs_and_names_its_empty_choices(client):
    call_command("demo", verbosity=0)
    report = {}
    for username in ROLES:
        client.force_login(User.objects.get(username=username))
        for url, problems in _walk(client).items():
            report[f"{username} {url}"] = problems
    assert not report, "\n".join(f"{page}: {', '.join(p)}" for page, p in report.items())
