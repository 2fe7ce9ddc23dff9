"""Accessibility checks for browser journeys: axe-core (vendored, test-only) run in the page."""

from pathlib import Path

AXE = Path(__file__).with_name("axe") / "axe.min.js"

# Playwright evaluates the script through the DevTools protocol, so the page's content security
# policy (no inline script) needs no exception for it.
_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " :: " + n.failureSummary),
  }));
}"""


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """The axe-core violations of the page as it stands, of the given impacts."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return [v for v in page.evaluate(_RUN) if v["impact"] in impacts]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two CSS rgb()/rgba() colours, a translucent foreground blended
    over the (opaque) background as the browser paints it."""

    def channels(colour: str) -> list[float]:
        values = [float(c) for c in colour[colour.index("(") + 1 : -1].split(",")]
        return values + [1.0] * (4 - len(values))

    *back, _alpha = channels(background)
    *fore, alpha = channels(foreground)
    fore = [alpha * f + (1 - alpha) * b for f, b in zip(fore, back, strict=True)]

    def luminance(rgb: list[float]) -> float:
        linear = [
            c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4
            for c in rgb
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(fore), luminance(back)), reverse=True)
    return (high + 0.05) / (low + 0.05)
