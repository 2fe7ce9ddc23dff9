"""Credit risk classes A–D from the facts: the documented rules (no Django here).

The rules follow the classes of 国家市场监督管理总局《关于推进企业信用风险分类管理进一步提升监管
效能的意见》(国市监信发〔2022〕6号): A 信用风险低, B 信用风险一般, C 信用风险较高, D 信用风险高.
Each fact counted over the last ``window_days`` days (the last year by default) adds points; the
points and two facts that decide on their own give the class:

====================================================  ==========================
fact                                                  points (each)
====================================================  ==========================
rectification order overdue today                     3
listed on the 经营异常名录 / 经营异常状态 (in force)     3
failed product sample                                 2
serious finding (inspection, sample, monitoring …)    2
finding in an item the operator self-declared         2
compliant (self-inspection contradiction)
minor finding                                         1
substantiated complaint                               1
====================================================  ==========================

* **D** — listed on the 严重违法失信名单 (in force), or ``d_from`` points or more (default 8).
* **C** — ``c_from`` points or more (default 4).
* **B** — at least one point; or no point but no inspection within ``a_inspected_within_days``
  (default 730 days, two years: a clean record nobody has looked at is not low risk).
* **A** — no point and inspected within ``a_inspected_within_days``.

Every number is data (``RiskRules``); each rule that applies gives a ``Reason`` (its code, the
count and the points), so the class is always shown with why. ``Reason.code`` is translated by the
caller (``risk_classes.REASON_LABELS``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

CLASSES = ("A", "B", "C", "D")


def _default_points() -> dict[str, int]:
    return {
        "overdue_orders": 3,
        "abnormal_listings": 3,
        "failed_samples": 2,
        "serious_findings": 2,
        "contradictions": 2,
        "minor_findings": 1,
        "complaints": 1,
    }


@dataclass(frozen=True)
class RiskRules:
    points: dict[str, int] = field(default_factory=_default_points)
    c_from: int = 4
    d_from: int = 8
    a_inspected_within_days: int = 730
    window_days: int = 365

    def __post_init__(self) -> None:
        if not 0 < self.c_from < self.d_from:
            raise ValueError("thresholds must satisfy 0 < c_from < d_from")
        if self.a_inspected_within_days < 1 or self.window_days < 1:
            raise ValueError("day counts must be positive")
        unknown = set(self.points) - set(_default_points())
        if unknown:
            raise ValueError(f"unknown facts in points: {sorted(unknown)}")


DEFAULT_RULES = RiskRules()


@dataclass(frozen=True)
class RiskInputs:
    """What the facts say about one operator (counts over the rules' window, on the day)."""

    complaints: int = 0
    minor_findings: int = 0
    serious_findings: int = 0
    failed_samples: int = 0
    overdue_orders: int = 0
    contradictions: int = 0
    abnormal_listings: int = 0
    serious_listings: int = 0
    days_since_inspection: int | None = None  # None: never inspected


@dataclass(frozen=True)
class Reason:
    code: str  # a fact name of RiskRules.points, or serious_listing / not_inspected / clean
    count: int = 0
    points: int = 0


@dataclass(frozen=True)
class RiskResult:
    risk_class: str
    points: int
    reasons: tuple[Reason, ...]


def classify(inputs: RiskInputs, rules: RiskRules = DEFAULT_RULES) -> RiskResult:
    """The class the rules give ``inputs``, with every reason that applied."""
    reasons: list[Reason] = []
    total = 0
    for name, each in rules.points.items():
        count = getattr(inputs, name)
        if count > 0 and each > 0:
            reasons.append(Reason(name, count, count * each))
            total += count * each
    if inputs.serious_listings > 0:
        reasons.insert(0, Reason("serious_listing", inputs.serious_listings, 0))
        return RiskResult("D", total, tuple(reasons))
    if total >= rules.d_from:
        return RiskResult("D", total, tuple(reasons))
    if total >= rules.c_from:
        return RiskResult("C", total, tuple(reasons))
    if total > 0:
        return RiskResult("B", total, tuple(reasons))
    days = inputs.days_since_inspection
    if days is None or days > rules.a_inspected_within_days:
        return RiskResult("B", 0, (Reason("not_inspected", days or 0, 0),))
    return RiskResult("A", 0, (Reason("clean", days, 0),))
