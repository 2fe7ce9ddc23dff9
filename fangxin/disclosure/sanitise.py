"""Rich text the office writes, cleaned before it is stored (no Django here: text in, text out).

nh3 (the Rust Ammonia sanitiser) keeps only a small set of harmless tags and attributes: no
script, no style, no event handler (``onerror=…``), and links only to http, https and mailto
(a ``javascript:`` link loses its address).
"""

from __future__ import annotations

import nh3

TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "b",
        "i",
        "u",
        "ul",
        "ol",
        "li",
        "blockquote",
        "h2",
        "h3",
        "h4",
        "a",
    }
)
ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def clean_html(text: str) -> str:
    """``text`` with everything outside the allowed tags removed (their content kept, except
    that of script and style, which is dropped)."""
    return nh3.clean(
        text or "",
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
