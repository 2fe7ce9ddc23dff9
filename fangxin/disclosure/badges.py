"""A certificate's live badge, drawn from its current status (no Django here: plain values in,
an SVG text or PNG bytes out).

The status is drawn into the image itself, in words and colour, so a revoked or expired title
can never keep showing a valid badge once the short cache lifetime has passed; the badge also
carries the holder's name (a copied badge names its real holder), the certificate number and
the verification address.
"""

from __future__ import annotations

import io
import os
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

# Status colours: white text on each has a contrast of at least 4.5:1.
COLOURS = {"valid": "#1b6e3a", "revoked": "#b3261e", "expired": "#5f6368"}
BRAND = "#1f4e8c"
INK = "#1f2328"
PAPER = "#f6f8fa"
HOLDER_MAX = 24  # characters of the holder's name drawn; longer names end in "…"
FONT_FAMILY = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif"
# Where Pillow looks for a font that has Chinese glyphs (Debian's fonts-noto-cjk first).
CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)


@dataclass(frozen=True)
class Badge:
    """What one badge says: each line already in the page's language."""

    title_name: str  # the title's name, e.g. 长兴放心电商
    status: str  # valid / revoked / expired: picks the colour
    status_label: str  # 有效 / 已撤销 / 已过期
    holder: str
    detail: str  # the number and the validity or revocation date
    link_label: str  # e.g. 核验：
    url: str


def text_width(text: str, size: float) -> float:
    """A generous estimate of the drawn width: wide (CJK) characters one em, others 0.62 em."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.62 for c in text)


def shorten(text: str, limit: int = HOLDER_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _lines(badge: Badge) -> list[tuple[str, float, str]]:
    """The three lines under the header: (text, font size, colour)."""
    return [
        (shorten(badge.holder), 13, INK),
        (badge.detail, 11, INK),
        (badge.link_label + badge.url, 10, "#3a3f45"),
    ]


def _layout(badge: Badge) -> tuple[int, float]:
    """The badge's width and the header's split (where the status box starts)."""
    left = text_width(badge.title_name, 14) + 20
    right = text_width(badge.status_label, 15) + 24
    lines = max(text_width(text, size) for text, size, _ in _lines(badge)) + 20
    width = int(max(left + right, lines, 240)) + 1
    return width, width - right


HEIGHT = 86


def svg(badge: Badge) -> str:
    """The badge as a standalone SVG document (presentation attributes only: no style)."""
    width, split = _layout(badge)
    colour = COLOURS.get(badge.status, COLOURS["expired"])
    label = f"{badge.title_name} {badge.status_label} {badge.holder} {badge.detail}"
    rows = []
    for (text, size, ink), y in zip(_lines(badge), (46, 64, 79), strict=True):
        rows.append(f'<text x="10" y="{y}" font-size="{size}" fill="{ink}">{escape(text)}</text>')
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="{width}" height="{HEIGHT}" viewBox="0 0 {width} {HEIGHT}" role="img" '
        f"aria-label={quoteattr(label)}>"
        f"<title>{escape(label)}</title>"
        f'<a href={quoteattr(badge.url)} xlink:href={quoteattr(badge.url)} target="_blank">'
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{HEIGHT - 1}" '
        f'fill="{PAPER}" stroke="{colour}"/>'
        f'<rect x="1" y="1" width="{split - 1}" height="28" fill="{BRAND}"/>'
        f'<rect x="{split}" y="1" width="{width - split - 1}" height="28" fill="{colour}"/>'
        f'<g font-family="{FONT_FAMILY}">'
        f'<text x="10" y="20" font-size="14" fill="#ffffff">{escape(badge.title_name)}</text>'
        f'<text x="{split + 12}" y="20" font-size="15" font-weight="bold" fill="#ffffff" '
        f'data-status="{escape(badge.status)}">{escape(badge.status_label)}</text>'
        + "".join(rows)
        + "</g></a></svg>"
    )


def cjk_font_path() -> str | None:
    """The first font file with Chinese glyphs found, or None."""
    return next((path for path in CJK_FONTS if os.path.exists(path)), None)


def png(badge: Badge, scale: int = 2) -> bytes:
    """The same badge drawn by Pillow at ``scale`` times its size (sharp on phones). Without a
    Chinese font the words would be empty boxes: then ``ValueError``."""
    from PIL import Image, ImageDraw, ImageFont

    font_path = cjk_font_path()
    if font_path is None:
        raise ValueError("no font with Chinese glyphs is installed")

    bold_path = font_path.replace("Regular", "Bold")
    if not os.path.exists(bold_path):
        bold_path = font_path

    def font(size: float, path: str = font_path):
        return ImageFont.truetype(path, int(size * scale))

    width, split = _layout(badge)
    colour = COLOURS.get(badge.status, COLOURS["expired"])
    image = Image.new("RGB", (width * scale, HEIGHT * scale), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, split * scale, 28 * scale), fill=BRAND)
    draw.rectangle((split * scale, 0, width * scale, 28 * scale), fill=colour)
    draw.rectangle((0, 0, width * scale - 1, HEIGHT * scale - 1), outline=colour, width=scale)
    draw.text((10 * scale, 6 * scale), badge.title_name, font=font(14), fill="#ffffff")
    draw.text(
        ((split + 12) * scale, 5 * scale),
        badge.status_label,
        font=font(15, bold_path),
        fill="#ffffff",
    )
    for (text, size, ink), y in zip(_lines(badge), (46, 64, 79), strict=True):
        draw.text((10 * scale, (y - size) * scale), text, font=font(size), fill=ink)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
