"""The score engine: a rubric and an enrolment's ledger entries → its scores (no Django).

Every point awarded or deducted is a ledger entry on one criterion. A criterion's score is the
sum of its entries clamped to ``[0, its points]`` (so the order of entries never matters and a
deduction never raises a score); a dimension's is the sum of its criteria; the total the sum of
the dimensions. The total is published rounded half-up to one decimal, and that published
figure is compared with the threshold (84.95 → 85.0 passes, 84.94 → 84.9 fails).

An enrolment is a candidate for the title when its published total reaches the threshold, no
veto entry is on its ledger, and no area floor blocks it (an area at or below its floor blocks
the award whatever the total).

``evaluate(..., threshold=, weights=)`` answers a policy what-if: another threshold, or other
dimension weights (each dimension's score scaled to its new points), on the same ledger.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .rubric import Rubric

ZERO = Decimal(0)
ONE_PLACE = Decimal("0.1")
VETO = "veto"  # the source of a ledger entry that disqualifies (0 points)

# Why an enrolment is not a candidate.
BELOW_THRESHOLD = "below_threshold"
VETOED = "veto"
BLOCKED_AREA = "blocked_area"


@dataclass(frozen=True)
class Entry:
    dimension: str
    criterion: str
    points: Decimal
    source: str = ""


@dataclass(frozen=True)
class CriterionScore:
    dimension: str
    criterion: str
    max: Decimal
    raw: Decimal  # the plain sum of its entries
    score: Decimal  # clamped to [0, max]

    @property
    def capped(self) -> bool:
        return self.raw != self.score


@dataclass(frozen=True)
class Reason:
    code: str  # BELOW_THRESHOLD / VETOED / BLOCKED_AREA
    dimension: str = ""
    criterion: str = ""


@dataclass(frozen=True)
class Result:
    criteria: Mapping[tuple[str, str], CriterionScore]
    dimensions: Mapping[str, Decimal]
    total: Decimal  # unrounded
    published: Decimal  # rounded half-up to one decimal: the figure compared and shown
    threshold: Decimal
    vetoed: bool
    blocked: tuple[tuple[str, str], ...]  # (dimension, criterion) at or below their floor
    unplaced: tuple[Entry, ...]  # entries naming no criterion of the rubric

    @property
    def candidate(self) -> bool:
        return not self.reasons

    @property
    def reasons(self) -> tuple[Reason, ...]:
        reasons = []
        if self.vetoed:
            reasons.append(Reason(VETOED))
        reasons.extend(Reason(BLOCKED_AREA, d, c) for d, c in self.blocked)
        if self.published < self.threshold:
            reasons.append(Reason(BELOW_THRESHOLD))
        return tuple(reasons)

    @property
    def shortfall(self) -> Decimal:
        """Points missing to the threshold (0 when reached)."""
        return max(self.threshold - self.published, ZERO)

    def near_miss(self, margin: Decimal = Decimal(2)) -> bool:
        """Below the threshold by at most ``margin`` points."""
        return ZERO < self.shortfall <= margin


def publish(total: Decimal) -> Decimal:
    """The total as published: half-up to one decimal."""
    return total.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def evaluate(
    rubric: Rubric,
    entries: Iterable[Entry],
    *,
    threshold: Decimal | None = None,
    weights: Mapping[str, Decimal] | None = None,
) -> Result:
    """The scores ``entries`` earn under ``rubric`` (``threshold`` / ``weights``: a what-if)."""
    sums: dict[tuple[str, str], Decimal] = {}
    vetoed = False
    unplaced = []
    known = {(d.code, c.code) for d in rubric.dimensions for c in d.criteria}
    for entry in entries:
        if entry.source == VETO:
            vetoed = True
            continue
        key = (entry.dimension, entry.criterion)
        if key not in known:
            unplaced.append(entry)
            continue
        sums[key] = sums.get(key, ZERO) + Decimal(entry.points)
    criteria = {}
    dimensions = {}
    for dimension in rubric.dimensions:
        subtotal = ZERO
        for criterion in dimension.criteria:
            raw = sums.get((dimension.code, criterion.code), ZERO)
            score = min(max(raw, ZERO), criterion.points)
            criteria[dimension.code, criterion.code] = CriterionScore(
                dimension.code, criterion.code, criterion.points, raw, score
            )
            subtotal += score
        if weights is not None and dimension.code in weights and dimension.points:
            subtotal = subtotal * Decimal(weights[dimension.code]) / dimension.points
        dimensions[dimension.code] = subtotal
    total = sum(dimensions.values(), ZERO)
    blocked = tuple(
        (floor.dimension, floor.criterion)
        for floor in rubric.floors
        if (floor.dimension, floor.criterion) in criteria
        and criteria[floor.dimension, floor.criterion].score
        <= floor.at_or_below * criteria[floor.dimension, floor.criterion].max
    )
    return Result(
        criteria=criteria,
        dimensions=dimensions,
        total=total,
        published=publish(total),
        threshold=Decimal(rubric.threshold if threshold is None else threshold),
        vetoed=vetoed,
        blocked=blocked,
        unplaced=tuple(unplaced),
    )
