"""Every Chinese UI string has an English translation, and the compiled catalogue is current."""

import gettext
import re
from pathlib import Path

PO = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries(with_context: bool = True) -> dict[str, str]:
    text = PO.read_text(encoding="utf-8")
    if not with_context:
        text = re.sub(r'^msgctxt ".*"\nmsgid ".*"\nmsgstr ".*"$', "", text, flags=re.M)
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', text, flags=re.M)
    return dict(pairs)


def test_every_string_is_translated():
    missing = [msgid for msgid, msgstr in _entries().items() if not msgstr]
    assert missing == []
    assert not re.search(r'#, fuzzy\nmsgid ".', PO.read_text(encoding="utf-8"))


def test_compiled_catalogue_matches_the_po_file():
    with PO.with_suffix(".mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for msgid, msgstr in _entries(with_context=False).items():
        if "\\" in msgid:
            continue
        assert catalogue.gettext(msgid) == msgstr.replace('\\"', '"'), msgid
