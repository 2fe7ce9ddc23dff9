"""The colon after a label follows the language: "：" in Chinese, ": " in English."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from fangxin.core.roles import Role

PACKAGE = Path(__file__).resolve().parents[2]
# A literal full-width colon right after a tag or a variable is a label's colon written for one
# language only; templates write {% translate "：" %} instead.
LITERAL_COLON = re.compile(r"(%\}|\}\})：")
# Inside a translated block the whole sentence, colon included, is the message to translate.
TRANSLATED_BLOCK = re.compile(r"\{% blocktranslate.*?%\}.*?\{% endblocktranslate %\}")


def test_no_template_writes_a_literal_colon_after_a_label():
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in sorted(PACKAGE.glob("**/templates/**/*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LITERAL_COLON.search(TRANSLATED_BLOCK.sub("", line))
    ]
    assert offenders == []


@pytest.mark.parametrize(("language", "expected"), [("zh-hans", "状态："), ("en", "Status: ")])
def test_the_colon_is_translated(language, expected):
    template = Template('{% load i18n %}{% translate "状态" %}{% translate "：" %}')
    with translation.override(language):
        assert template.render(Context()) == expected


@pytest.mark.django_db
def test_home_page_in_english_has_no_full_width_colon(client, make_user):
    client.force_login(make_user(Role.OFFICE))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/desk/").content.decode()
    assert "Current role: " in page
    assert "：" not in page.split("<main", 1)[1].split("</main>", 1)[0]
