"""The report's charts, drawn on the server with matplotlib (the Agg canvas, no pyplot state,
no browser, no Node) in the same CJK font the PDF embeds (fonts-noto-cjk)."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .figures import Chart

# Where Debian's fonts-noto-cjk puts the sans face; the PDF's CSS names the same family.
FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
)
FONT_FAMILY = "Noto Sans CJK SC"
COLOURS = ["#0d6efd", "#fd7e14", "#198754", "#6f42c1", "#dc3545", "#20c997"]


class FontMissing(RuntimeError):
    """No CJK font: the charts' Chinese would come out as boxes."""


@cache
def cjk_font() -> font_manager.FontProperties:
    """The Noto CJK sans face, registered with matplotlib once."""
    for name in FONT_FILES:
        if Path(name).exists():
            font_manager.fontManager.addfont(name)
            return font_manager.FontProperties(fname=name)
    found = font_manager.findfont(
        font_manager.FontProperties(family=FONT_FAMILY), fallback_to_default=False
    )
    if not found:
        raise FontMissing(f"{FONT_FAMILY} not found (install fonts-noto-cjk)")
    return font_manager.FontProperties(fname=found)  # pragma: no cover - another layout


def png(chart: Chart, *, width: float = 6.4, height: float = 3.0, dpi: int = 150) -> bytes:
    """The chart as a PNG."""
    font = cjk_font()
    if chart.kind == "hbar":  # as tall as its bars need
        height = min(max(1.4, 0.32 * len(chart.categories) + 0.9), height * 2)
    figure = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    categories = chart.categories or [""]
    series = [(name, [float(v or 0) for v in data]) for name, data in chart.series]
    positions = list(range(len(categories)))
    if chart.kind == "hbar":
        _name, data = series[0] if series else ("", [0] * len(categories))
        axes.barh(positions, data or [0], height=0.6, color=COLOURS[0])
        axes.set_yticks(positions, categories, fontproperties=font)
        axes.invert_yaxis()
        for y, value in zip(positions, data, strict=False):
            axes.annotate(
                f"{value:g}{chart.unit}",
                (value, y),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontproperties=font,
                fontsize=8,
            )
        if chart.unit == "%":
            axes.set_xlim(0, 110)
    elif chart.kind == "line":
        for i, (name, data) in enumerate(series):
            axes.plot(positions, data, marker="o", color=COLOURS[i % len(COLOURS)], label=name)
        axes.set_xticks(positions, categories, fontproperties=font)
    else:
        count = max(len(series), 1)
        width_each = 0.8 / (1 if chart.kind == "stack" else count)
        bottom = [0.0] * len(categories)
        for i, (name, data) in enumerate(series):
            if chart.kind == "stack":
                axes.bar(
                    positions,
                    data,
                    width_each,
                    bottom=bottom,
                    label=name,
                    color=COLOURS[i % len(COLOURS)],
                )
                bottom = [b + v for b, v in zip(bottom, data, strict=True)]
            else:
                shift = (i - (count - 1) / 2) * width_each
                axes.bar(
                    [p + shift for p in positions],
                    data,
                    width_each,
                    label=name,
                    color=COLOURS[i % len(COLOURS)],
                )
        axes.set_xticks(
            positions,
            categories,
            fontproperties=font,
            rotation=30 if len(categories) > 5 else 0,
            ha="right" if len(categories) > 5 else "center",
        )
    values = [v for _name, data in series for v in data]
    if chart.kind == "hbar":
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        if chart.unit != "%":
            axes.set_xlim(0, max([*values, 1]) * 1.15)
    else:
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylim(bottom=0, top=max(axes.get_ylim()[1], 1))
    for label in axes.get_yticklabels() + axes.get_xticklabels():
        label.set_fontproperties(font)
        label.set_fontsize(8)
    axes.spines[["top", "right"]].set_visible(False)
    legend = chart.kind != "hbar" and len(series) > 1
    axes.set_title(chart.title, fontproperties=font, fontsize=10, pad=20 if legend else 6)
    if legend:  # between the title and the plot, clear of the bars
        small = font.copy()
        small.set_size(8)
        axes.legend(
            prop=small,
            frameon=False,
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncols=len(series),
            borderaxespad=0.2,
        )
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
