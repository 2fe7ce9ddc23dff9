"""Rubrics (考评细则) as data: parse and validate one, with the exact reason when it is wrong.

A rubric is a YAML mapping (``data/rubrics/<kind>.yaml`` ships the defaults): the threshold, the
plan's split between the regulators' part and the public's part, the window of facts counted,
five dimensions with their criteria and points, the automatic-deduction rules over the apps'
facts, and the area floors that block an award. No Django here (the ``pure-engines`` contract):
a problem carries a ``code`` and ``params`` for the UI to translate, and an English message.

Problem codes: ``yaml``, ``shape``, ``missing``, ``unknown_field``, ``bad_number``,
``bad_kind``, ``bad_threshold``, ``bad_split``, ``split_total``, ``split_mismatch``,
``duplicate``, ``criteria_total``, ``dimensions_total``, ``bad_default``, ``area_codes``,
``unknown_fact``, ``unknown_dimension``, ``unknown_criterion``, ``fact_area_needs_areas``,
``rule_option``, ``bad_window``, ``bad_floor``, ``bad_panel_rule``.

``panel`` (optional) says how several panel members' scores for one criterion combine:
``combine: mean`` (always the mean) or ``combine: trimmed_mean`` (the default: the mean, and from
``trim_from`` members up — default 5 — the highest and the lowest score are dropped first).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

KINDS = ("livestream", "group_buying")
# The eight requirement areas of the shipped work guide (programme/data/guides/default.yaml);
# the Django side passes the campaign guide's own codes.
AREA_CODES = (
    "qualifications",
    "conduct",
    "site",
    "quality",
    "marketing",
    "labelling",
    "consumer_rights",
    "after_sales",
)
PHASES = ("mobilisation", "self_inspection", "governance", "evaluation", "summary")
# The facts a deduction rule may name, each read from one app's facts.py.
FACT_TYPES = (
    "finding",
    "overdue_order",
    "case",
    "failed_sample",
    "monitoring_hit",
    "substantiated_complaint",
    "licence_check",
)
# Inputs that give a criterion its starting score (until one exists, the criterion's default).
INPUTS = ("none", "panel", "monitoring", "association", "ratings", "survey", "invited")
FACT_AREA = "fact_area"  # a rule's criterion: the requirement area the fact is attributed to
ALL = "all"  # a rule's points: the criterion's whole points
SEVERITIES = ("minor", "serious")

DATA = Path(__file__).parent / "data" / "rubrics"

_TOP_FIELDS = {
    "code",
    "version",
    "kind",
    "name",
    "threshold",
    "split",
    "window",
    "dimensions",
    "deductions",
    "floors",
    "panel",
}
COMBINE_RULES = ("mean", "trimmed_mean")
_PANEL_FIELDS = {"combine", "trim_from"}
_DIMENSION_FIELDS = {"code", "name", "points", "group", "by_area", "input", "criteria"}
_CRITERION_FIELDS = {"code", "name", "points", "input", "default", "minimum", "looks_at"}
_RULE_FIELDS = {
    "fact",
    "dimension",
    "criterion",
    "points",
    "severity",
    "skip_sources",
    "over_working_days",
    "points_over",
    "per_monitored_hour",
    "back_when_satisfied",
    "points_partial",
    "label",
}
_RULE_OPTIONS = {
    "severity": {"finding"},
    "skip_sources": {"finding"},
    "over_working_days": {"overdue_order"},
    "points_over": {"overdue_order"},
    "per_monitored_hour": {"monitoring_hit"},
    "back_when_satisfied": {"substantiated_complaint"},
    "points_partial": {"licence_check"},
}
_FLOOR_FIELDS = {"dimension", "criterion", "at_or_below"}


# --- the parsed rubric ----------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    code: str
    name: str
    points: Decimal
    input: str  # INPUTS
    default: Decimal  # the starting score when no input exists
    looks_at: str = ""
    # The fewest ratings / survey answers / invited scores for the input to count; below it
    # the criterion takes its default (and the ledger says so).
    minimum: int = 0


@dataclass(frozen=True)
class Dimension:
    code: str
    name: str
    points: Decimal
    group: str
    by_area: bool
    criteria: tuple[Criterion, ...]

    def criterion(self, code: str) -> Criterion | None:
        return next((c for c in self.criteria if c.code == code), None)


@dataclass(frozen=True)
class Rule:
    fact: str
    dimension: str
    criterion: str  # a criterion code, or FACT_AREA
    points: Decimal | None  # None: the criterion's whole points (ALL)
    severity: str | None = None
    skip_sources: tuple[str, ...] = ()
    over_working_days: int | None = None
    points_over: Decimal | None = None
    per_monitored_hour: bool = False
    back_when_satisfied: Decimal | None = None
    # A licence-display check that found the licence shown only in part: these points instead.
    points_partial: Decimal | None = None
    label: str = ""


@dataclass(frozen=True)
class Floor:
    dimension: str
    criterion: str
    at_or_below: Decimal  # a fraction of the criterion's points, 0 ≤ f < 1


@dataclass(frozen=True)
class PanelRule:
    """How panel members' scores for one criterion combine (see the module's docstring)."""

    combine: str = "trimmed_mean"
    trim_from: int = 5

    def apply(self, scores: Iterable[Decimal]) -> Decimal | None:
        """The combined score of the members' ``scores`` (None when there are none)."""
        values = sorted(Decimal(v) for v in scores)
        if not values:
            return None
        if self.combine == "trimmed_mean" and len(values) >= max(self.trim_from, 3):
            values = values[1:-1]
        return sum(values, Decimal(0)) / len(values)


@dataclass(frozen=True)
class WindowSpec:
    """Each end a phase code (start: the phase's first day; end: its last, extension included)
    or a fixed date."""

    start: str | date
    end: str | date


@dataclass(frozen=True)
class Rubric:
    code: str
    version: int
    kind: str
    name: str
    threshold: Decimal
    split: Mapping[str, Decimal]
    window: WindowSpec
    dimensions: tuple[Dimension, ...]
    deductions: tuple[Rule, ...]
    floors: tuple[Floor, ...]
    panel: PanelRule = PanelRule()

    def dimension(self, code: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.code == code), None)

    def criterion(self, dimension: str, code: str) -> Criterion | None:
        found = self.dimension(dimension)
        return found.criterion(code) if found else None

    @property
    def total(self) -> Decimal:
        return sum((d.points for d in self.dimensions), Decimal(0))


# --- problems -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    code: str
    where: str
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class RubricError(ValueError):
    """A rubric that cannot be used; ``problems`` lists every reason found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, code: str, where: str, message: str, **params: Any) -> None:
        self.problems.append(Problem(code, where, message, {"where": where, **params}))


# --- reading --------------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """Safe YAML without anchors and aliases: a rubric needs none, and aliases nested in
    aliases expand exponentially when the body is copied for storage."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in a rubric", event.start_mark
            )
        return super().compose_node(parent, index)


def _yaml(text: str):
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader without aliases
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        where = f"line {line}" if line else ""
        raise RubricError(
            [Problem("yaml", where, f"not valid YAML: {exc}", {"line": line, "where": where})]
        ) from exc
    except RecursionError as exc:
        raise RubricError(
            [Problem("yaml", "", "nested too deeply", {"line": 0, "where": ""})]
        ) from exc


def load_text(text: str, *, area_codes: Iterable[str] | None = None) -> Rubric:
    """The rubric a YAML text describes, validated; ``RubricError`` lists every problem."""
    return parse(_yaml(text), area_codes=area_codes)


def default_text(kind: str) -> str:
    """The shipped default rubric of ``kind`` as YAML text."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    return (DATA / f"{kind}.yaml").read_text(encoding="utf-8")


def default(kind: str) -> Rubric:
    return load_text(default_text(kind))


def parse(body: Any, *, area_codes: Iterable[str] | None = None, check_areas=True) -> Rubric:
    """The rubric a mapping (parsed YAML or stored JSON) describes, validated. A stored rubric
    was checked against its campaign's guide when saved: ``check_areas=False`` reads it back
    without the guide."""
    areas = tuple(area_codes) if area_codes is not None else AREA_CODES
    out = _Collector()
    if not isinstance(body, Mapping):
        out.add("shape", "", "a rubric is a mapping (code, kind, threshold, dimensions …)")
        raise RubricError(out.problems)
    _unknown(out, body, _TOP_FIELDS, "")
    kind = body.get("kind")
    if kind not in KINDS:
        out.add("bad_kind", "kind", f"kind must be one of {', '.join(KINDS)}", value=kind)
    threshold = _number(out, body, "threshold", "threshold")
    if threshold is not None and not (0 <= threshold <= 100):
        out.add("bad_threshold", "threshold", "the threshold lies within 0–100", value=threshold)
    split = _split(out, body.get("split"))
    window = _window(out, body.get("window"))
    dimensions = _dimensions(out, body.get("dimensions"), areas if check_areas else None)
    _check_totals(out, dimensions, split)
    rules = _rules(out, body.get("deductions") or [], dimensions)
    floors = _floors(out, body.get("floors") or [], dimensions)
    panel = _panel_rule(out, body.get("panel"))
    version = body.get("version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        out.add("bad_number", "version", "the version is a whole number from 1", value=version)
        version = 1
    if out.problems:
        raise RubricError(out.problems)
    return Rubric(
        code=str(body.get("code") or f"custom-{kind}"),
        version=version,
        kind=kind,
        name=str(body.get("name") or ""),
        threshold=threshold,
        split=split,
        window=window,
        dimensions=dimensions,
        deductions=rules,
        floors=floors,
        panel=panel,
    )


def _unknown(out: _Collector, mapping: Mapping, allowed: set[str], where: str) -> None:
    extra = sorted(str(k) for k in mapping if k not in allowed)
    if extra:
        out.add(
            "unknown_field",
            where,
            f"unknown field {', '.join(extra)}",
            fields=", ".join(extra),
        )


def to_decimal(value: Any) -> Decimal | None:
    """A YAML number (int, float, or a numeric string) as the Decimal it reads as."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _number(out: _Collector, mapping: Mapping, key: str, where: str, *, required=True):
    if key not in mapping:
        if required:
            out.add("missing", where, f"missing {key}", field=key)
        return None
    number = to_decimal(mapping[key])
    if number is None:
        out.add("bad_number", where, f"{key} must be a number", field=key, value=mapping[key])
    return number


def _split(out: _Collector, raw: Any) -> dict[str, Decimal]:
    if raw is None:
        return {"regulatory": Decimal(70), "public": Decimal(30)}  # the plan's
    if not isinstance(raw, Mapping) or not raw:
        out.add("bad_split", "split", "the split maps each group to its points")
        return {}
    split = {}
    for group, value in raw.items():
        number = to_decimal(value)
        if number is None or number < 0:
            out.add("bad_split", f"split.{group}", "a group's points are a number ≥ 0")
            continue
        split[str(group)] = number
    total = sum(split.values(), Decimal(0))
    if split and total != 100:
        out.add("split_total", "split", f"the split adds up to {total}, not 100", total=total)
    return split


def _window(out: _Collector, raw: Any) -> WindowSpec:
    if raw is None:
        return WindowSpec("mobilisation", "evaluation")
    if not isinstance(raw, Mapping):
        out.add("bad_window", "window", "the window has a start and an end")
        return WindowSpec("mobilisation", "evaluation")
    ends = []
    for key, fallback in (("start", "mobilisation"), ("end", "evaluation")):
        value = raw.get(key, fallback)
        if isinstance(value, date) or value in PHASES:
            ends.append(value)
            continue
        try:
            ends.append(date.fromisoformat(str(value)))
        except ValueError:
            out.add(
                "bad_window",
                f"window.{key}",
                f"{value!r} is neither a phase ({', '.join(PHASES)}) nor a date",
                value=value,
            )
            ends.append(fallback)
    start, end = ends
    if isinstance(start, date) and isinstance(end, date) and end < start:
        out.add("bad_window", "window", "the window ends before it starts", value=f"{start}–{end}")
    if isinstance(start, str) and isinstance(end, str) and PHASES.index(end) < PHASES.index(start):
        out.add("bad_window", "window", "the window ends before it starts", value=f"{start}–{end}")
    return WindowSpec(start, end)


def _dimensions(out: _Collector, raw: Any, areas: tuple[str, ...] | None) -> tuple[Dimension, ...]:
    if not isinstance(raw, list) or not raw:
        out.add("missing", "dimensions", "a rubric lists its dimensions", field="dimensions")
        return ()
    dimensions = []
    seen = set()
    for i, item in enumerate(raw):
        where = f"dimensions[{i + 1}]"
        if not isinstance(item, Mapping) or not item.get("code"):
            out.add("shape", where, "a dimension is a mapping with a code")
            continue
        code = str(item["code"])
        where = f"dimensions.{code}"
        if code in seen:
            out.add("duplicate", where, f"dimension {code} is listed twice", code=code)
            continue
        seen.add(code)
        _unknown(out, item, _DIMENSION_FIELDS, where)
        points = _number(out, item, "points", where)
        if points is not None and points <= 0:
            out.add("bad_number", where, "a dimension's points are above 0", field="points")
        dim_input = item.get("input", "none")
        criteria = _criteria(out, item.get("criteria"), where, dim_input)
        by_area = bool(item.get("by_area", False))
        if by_area and areas is not None:
            codes = [c.code for c in criteria]
            if sorted(codes) != sorted(areas):
                missing = sorted(set(areas) - set(codes))
                extra = sorted(set(codes) - set(areas))
                out.add(
                    "area_codes",
                    where,
                    "the criteria must be the guide's requirement areas, each once "
                    f"(missing: {', '.join(missing) or '-'}; unknown: {', '.join(extra) or '-'})",
                    missing=", ".join(missing) or "-",
                    unknown=", ".join(extra) or "-",
                )
        if points is not None and criteria:
            total = sum((c.points for c in criteria), Decimal(0))
            if total != points:
                out.add(
                    "criteria_total",
                    where,
                    f"the criteria add up to {total}, not the dimension's {points}",
                    total=total,
                    points=points,
                )
        dimensions.append(
            Dimension(
                code=code,
                name=str(item.get("name") or code),
                points=points if points is not None else Decimal(0),
                group=str(item.get("group") or ""),
                by_area=by_area,
                criteria=criteria,
            )
        )
    return tuple(dimensions)


def _criteria(out: _Collector, raw: Any, where: str, dim_input: str) -> tuple[Criterion, ...]:
    if not isinstance(raw, list) or not raw:
        out.add("missing", where, "a dimension lists its criteria", field="criteria")
        return ()
    criteria = []
    seen = set()
    for i, item in enumerate(raw):
        if not isinstance(item, Mapping) or not item.get("code"):
            out.add("shape", f"{where}.criteria[{i + 1}]", "a criterion is a mapping with a code")
            continue
        code = str(item["code"])
        here = f"{where}.{code}"
        if code in seen:
            out.add("duplicate", here, f"criterion {code} is listed twice", code=code)
            continue
        seen.add(code)
        _unknown(out, item, _CRITERION_FIELDS, here)
        points = _number(out, item, "points", here)
        if points is not None and points <= 0:
            out.add("bad_number", here, "a criterion's points are above 0", field="points")
            points = None
        kind_of_input = str(item.get("input", dim_input))
        if kind_of_input not in INPUTS:
            out.add("shape", here, f"input must be one of {', '.join(INPUTS)}", value=kind_of_input)
        fallback = _number(out, item, "default", here, required=False)
        if fallback is None:
            fallback = points
        elif points is not None and not (0 <= fallback <= points):
            out.add(
                "bad_default",
                here,
                f"the default {fallback} lies outside 0–{points}",
                value=fallback,
                points=points,
            )
        minimum = item.get("minimum", 0)
        if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 0:
            out.add("bad_number", here, "minimum is a whole number ≥ 0", field="minimum")
            minimum = 0
        criteria.append(
            Criterion(
                code=code,
                name=str(item.get("name") or code),
                points=points or Decimal(0),
                input=kind_of_input,
                default=fallback if fallback is not None else Decimal(0),
                looks_at=str(item.get("looks_at") or ""),
                minimum=minimum,
            )
        )
    return tuple(criteria)


def _check_totals(out: _Collector, dimensions, split: Mapping[str, Decimal]) -> None:
    if not dimensions:
        return
    total = sum((d.points for d in dimensions), Decimal(0))
    if total != 100:
        out.add(
            "dimensions_total",
            "dimensions",
            f"the dimensions add up to {total}, not 100",
            total=total,
        )
    by_group: dict[str, Decimal] = {}
    for dimension in dimensions:
        if dimension.group not in split:
            out.add(
                "split_mismatch",
                f"dimensions.{dimension.code}",
                f"group {dimension.group!r} is not in the split ({', '.join(split)})",
                group=dimension.group,
            )
            continue
        by_group[dimension.group] = by_group.get(dimension.group, Decimal(0)) + dimension.points
    for group, points in split.items():
        if by_group.get(group, Decimal(0)) != points:
            out.add(
                "split_mismatch",
                f"split.{group}",
                f"the dimensions of group {group} add up to {by_group.get(group, 0)}, "
                f"not the split's {points}",
                group=group,
                total=by_group.get(group, Decimal(0)),
                points=points,
            )


def _rules(out: _Collector, raw: Any, dimensions) -> tuple[Rule, ...]:
    if not isinstance(raw, list):
        out.add("shape", "deductions", "deductions is a list of rules")
        return ()
    by_code = {d.code: d for d in dimensions}
    rules = []
    for i, item in enumerate(raw):
        where = f"deductions[{i + 1}]"
        if not isinstance(item, Mapping):
            out.add("shape", where, "a deduction rule is a mapping (fact, dimension, criterion …)")
            continue
        _unknown(out, item, _RULE_FIELDS, where)
        fact = item.get("fact")
        if fact not in FACT_TYPES:
            out.add(
                "unknown_fact",
                where,
                f"unknown fact type {fact!r} (known: {', '.join(FACT_TYPES)})",
                value=fact,
            )
        dimension = by_code.get(str(item.get("dimension")))
        criterion = str(item.get("criterion", ""))
        if dimension is None:
            out.add(
                "unknown_dimension",
                where,
                f"unknown dimension {item.get('dimension')!r}",
                value=item.get("dimension"),
            )
        elif criterion == FACT_AREA:
            if not dimension.by_area:
                out.add(
                    "fact_area_needs_areas",
                    where,
                    f"criterion {FACT_AREA} needs a dimension scored by area, not {dimension.code}",
                    dimension=dimension.code,
                )
        elif dimension.criterion(criterion) is None:
            out.add(
                "unknown_criterion",
                where,
                f"dimension {dimension.code} has no criterion {criterion!r}",
                dimension=dimension.code,
                value=criterion,
            )
        for option, facts in _RULE_OPTIONS.items():
            if option in item and fact not in facts:
                out.add(
                    "rule_option",
                    where,
                    f"{option} applies to {', '.join(sorted(facts))} rules only",
                    option=option,
                )
        raw_points = item.get("points")
        points = None
        if raw_points != ALL:
            points = to_decimal(raw_points)
            if points is None or points <= 0:
                out.add(
                    "bad_number",
                    where,
                    f"points is a number above 0 or {ALL!r}",
                    field="points",
                    value=raw_points,
                )
        severity = item.get("severity")
        if severity is not None and severity not in SEVERITIES:
            out.add(
                "rule_option",
                where,
                f"severity is one of {', '.join(SEVERITIES)}",
                option="severity",
            )
        over = item.get("over_working_days")
        if over is not None and (not isinstance(over, int) or over < 0):
            out.add("bad_number", where, "over_working_days is a whole number", field="over")
            over = None
        points_over = to_decimal(item["points_over"]) if "points_over" in item else None
        if "points_over" in item and (points_over is None or points_over <= 0):
            out.add("bad_number", where, "points_over is a number above 0", field="points_over")
        back = to_decimal(item["back_when_satisfied"]) if "back_when_satisfied" in item else None
        if "back_when_satisfied" in item and (back is None or back < 0):
            out.add("bad_number", where, "back_when_satisfied is a number ≥ 0", field="back")
        partial = to_decimal(item["points_partial"]) if "points_partial" in item else None
        if "points_partial" in item and (partial is None or partial <= 0):
            out.add("bad_number", where, "points_partial is a number above 0", field="partial")
        skip = item.get("skip_sources") or ()
        if not isinstance(skip, list | tuple):
            out.add("rule_option", where, "skip_sources is a list", option="skip_sources")
            skip = ()
        rules.append(
            Rule(
                fact=str(fact),
                dimension=str(item.get("dimension")),
                criterion=criterion,
                points=points,
                severity=severity,
                skip_sources=tuple(str(s) for s in skip),
                over_working_days=over,
                points_over=points_over,
                per_monitored_hour=bool(item.get("per_monitored_hour", False)),
                back_when_satisfied=back,
                points_partial=partial,
                label=str(item.get("label") or ""),
            )
        )
    return tuple(rules)


def _floors(out: _Collector, raw: Any, dimensions) -> tuple[Floor, ...]:
    if not isinstance(raw, list):
        out.add("bad_floor", "floors", "floors is a list")
        return ()
    by_code = {d.code: d for d in dimensions}
    floors = []
    for i, item in enumerate(raw):
        where = f"floors[{i + 1}]"
        if not isinstance(item, Mapping):
            out.add("bad_floor", where, "a floor names a dimension and a criterion")
            continue
        _unknown(out, item, _FLOOR_FIELDS, where)
        dimension = by_code.get(str(item.get("dimension")))
        criterion = str(item.get("criterion", ""))
        if dimension is None or dimension.criterion(criterion) is None:
            out.add(
                "unknown_criterion",
                where,
                f"no criterion {item.get('dimension')}.{criterion}",
                dimension=item.get("dimension"),
                value=criterion,
            )
        fraction = to_decimal(item.get("at_or_below", 0))
        if fraction is None or not (0 <= fraction < 1):
            out.add("bad_floor", where, "at_or_below is a fraction from 0 up to (not) 1")
            fraction = Decimal(0)
        floors.append(Floor(str(item.get("dimension")), criterion, fraction))
    return tuple(floors)


def _panel_rule(out: _Collector, raw: Any) -> PanelRule:
    if raw is None:
        return PanelRule()
    if not isinstance(raw, Mapping):
        out.add("bad_panel_rule", "panel", "panel is a mapping (combine, trim_from)")
        return PanelRule()
    _unknown(out, raw, _PANEL_FIELDS, "panel")
    combine = str(raw.get("combine", "trimmed_mean"))
    if combine not in COMBINE_RULES:
        out.add(
            "bad_panel_rule",
            "panel.combine",
            f"combine must be one of {', '.join(COMBINE_RULES)}",
            value=combine,
        )
        combine = "trimmed_mean"
    trim_from = raw.get("trim_from", 5)
    if not isinstance(trim_from, int) or isinstance(trim_from, bool) or trim_from < 3:
        out.add(
            "bad_panel_rule",
            "panel.trim_from",
            "trim_from is a whole number of members from 3",
            value=trim_from,
        )
        trim_from = 5
    return PanelRule(combine, trim_from)


def dump(body: Mapping) -> str:
    """A stored rubric body as YAML text for the edit page (keys in the order written)."""
    return yaml.safe_dump(_plain(body), allow_unicode=True, sort_keys=False, width=100)


def _plain(value):
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def to_body(text: str) -> dict:
    """The YAML text as a JSON-storable mapping (dates as ISO text); parse it first."""
    return _plain(_yaml(text))
