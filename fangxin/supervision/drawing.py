"""Verifiable random draws (双随机 · 一单两库): which operators are inspected, and by whom.

No Django here: plain data in, plain data out, so the draw can be recomputed by anybody from the
published record (and tested and benchmarked without a database).

The protocol
============

1. **Freeze.** The office (or a station) snapshots the operator pool, the inspector pool and the
   rules. ``canonical_pools`` writes them as one canonical JSON document; ``pools_hash`` is its
   SHA-256. A secret is made (``make_secret``: 32 random bytes, hex) and the commitment
   ``SHA-256("fangxin-draw/1|<pools_hash>|<secret>")`` is published with the pools; the secret
   stays hidden.
2. **Run.** Somebody types in a public value that nobody knew at commitment time (that day's
   welfare-lottery numbers, an index close, with its source). ``run`` reveals nothing by itself:
   the caller publishes the secret with the result. The selection is a deterministic function of
   the pools, the rules, the secret and the public value, so the office cannot choose the outcome
   by trying seeds (the secret is fixed by the commitment before the public value exists), and
   nobody who knows the public value can predict it (they lack the secret).
3. **Verify.** ``verify`` recomputes everything from the published data and lists each check
   that fails.

Algorithm ``fangxin-draw/1`` (change any step below ⇒ change ``ALGORITHM_VERSION``)
==================================================================================

Canonical pools. A JSON object ``{"algorithm", "operators", "inspectors", "rules"}``:
operators as ``{"id", "key_target", "risk_class", "station"}`` sorted by id, inspectors as
``{"conflicts" (sorted ids), "id", "station"}`` sorted by id, rules with every field of
``DrawRules`` (quotas keyed by risk class); keys sorted, separators ``,`` and ``:`` without
spaces, ``ensure_ascii=False``, NaN refused, encoded as UTF-8. A count is a JSON integer and a
ratio a JSON number with a decimal point, so ``1`` (one operator) and ``1.0`` (everyone) differ.

Public value. NFKC (full-width digits and spaces become ASCII), then runs of white space
collapse to one space and the ends are stripped; an empty value is refused.

Seed. ``HMAC-SHA256(key = secret as UTF-8, msg = "<pools_hash>|<public value>")``, as 64 hex
digits (``seed_hex``). Every hash below is SHA-256 of a UTF-8 string; ids are written in decimal.

Strata. Without quotas (and with ``total``), one stratum of all operators; with quotas, one per
risk class that has a quota. With ``stratify_by_station`` each of those is split by station.
When ``include_key_targets`` is set, key targets are taken out of the strata: every one is
selected (reason ``key_target``) in addition to the random quota, which is computed over, and
drawn from, the stratum's other members. Risk classes without a quota are never drawn (except
their key targets).

Quota of a stratum of ``n`` members. A count ``c`` (an ``int``) gives ``min(c, n)``, per
stratum (so per station when stratified). A ratio ``r`` (a ``float`` in [0, 1]) gives
``ceil(r × n)``, computed exactly on the decimal the ratio prints as (``0.1 × 30`` is 3, not
the 4 that binary floating point gives); rounding up means a published rate is a floor, and
any non-empty stratum with a positive ratio gets at least one inspection.

Operator rank. ``SHA-256("<seed_hex>|op|<operator_id>")``, compared as bytes (ties, which
need a SHA-256 collision, by id). Each stratum selects its ``quota`` lowest-ranked members
(reason ``quota:<risk class>``, or ``total`` when drawn by the overall total).

Inspector assignment. The selected operators are served one by one in operator-rank order.
Inspectors are kept in load levels (how many tasks each has so far); within a level they are
ordered by the draw's inspector rank ``SHA-256("<seed_hex>|inspector|<inspector_id>")``. For an
operator, the eligible inspectors are those not declaring a conflict with it and, when
``avoid_own_station``, not of its station. Going up from the lowest level, the first
``max(CANDIDATE_WINDOW, still needed)`` eligible inspectors of the level are candidates: if they
are no more than are still needed, all are taken and the next level is tried; otherwise the
needed number with the lowest pair rank ``SHA-256("<seed_hex>|insp|<operator_id>|<inspector_id>")``
are taken. So the least-loaded inspectors always go first (without avoidance the loads never
differ by more than one), and among them the pair rank varies who is teamed with whom. The
window (16) exists for speed: ranking every eligible inspector by pair rank for every operator
costs selected × inspectors hashes (about 11 million, several seconds, at 100,000 operators
and 2,000 inspectors).

Feasibility does not depend on the seed: every operator that could be selected (key targets,
and every member of a stratum with a positive quota) must have at least
``inspectors_per_task`` eligible inspectors, else the draw refuses (``too_few_inspectors``,
naming the operator). ``preflight`` runs these checks at freeze time, so a frozen plan can
always be drawn.

Result hash. SHA-256 of the canonical JSON (as above) of ``{"algorithm", "pools_hash",
"public_value" (normalised), "seed", "selected"}``, ``selected`` being ``[operator_id,
[inspector ids ascending], reason]`` sorted by operator id. The seed and the pools hash are in
it, so any change of secret, public value, pools or rules changes the result hash even where
the selection happens to come out the same.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import secrets
import unicodedata
from bisect import bisect_left, insort
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any

ALGORITHM_VERSION = "fangxin-draw/1"
RISK_CLASSES = ("A", "B", "C", "D")
# Henan's published practice: low risk A 1 %, B 2 %, C 10 %, high risk D 30 %, plus every key
# supervision target.
HENAN_QUOTAS: Mapping[str, float] = MappingProxyType({"A": 0.01, "B": 0.02, "C": 0.10, "D": 0.30})
MIN_INSPECTORS_PER_TASK = 2  # law-enforcement inspections need two officers
CANDIDATE_WINDOW = 16  # part of fangxin-draw/1


class DrawError(ValueError):
    """A draw that cannot be made. ``code`` is for the UI to translate, ``params`` its details.

    Codes: ``bad_rules``, ``too_few_inspectors_per_task``, ``bad_operator``, ``bad_inspector``,
    ``duplicate_operator``, ``duplicate_inspector``, ``empty_operator_pool``,
    ``empty_inspector_pool``, ``too_few_inspectors``, ``empty_selection``, ``empty_secret``,
    ``empty_public_value``.
    """

    def __init__(self, message: str, *, code: str, params: Mapping[str, Any] | None = None):
        super().__init__(message)
        self.code = code
        self.params = dict(params or {})


# --- inputs ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OperatorEntry:
    id: int
    station: str
    risk_class: str  # "A".."D"
    key_target: bool = False


@dataclass(frozen=True, slots=True)
class InspectorEntry:
    id: int
    station: str
    conflicts: frozenset[int] = frozenset()  # operator ids with a declared conflict of interest


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_amount(value: Any, where: str) -> float | int:
    """A count (int >= 0) or a ratio (float in [0, 1]); anything else is refused."""
    if _is_int(value):
        if value < 0:
            raise DrawError(
                f"{where}: a count cannot be negative ({value})",
                code="bad_rules",
                params={"field": where, "value": value},
            )
        return value
    if isinstance(value, float):
        if not (0.0 <= value <= 1.0):  # also refuses NaN
            raise DrawError(
                f"{where}: a ratio must lie between 0 and 1 ({value!r}); "
                "give a count as an integer",
                code="bad_rules",
                params={"field": where, "value": value},
            )
        return value
    raise DrawError(
        f"{where}: expected an integer count or a float ratio, not {value!r}",
        code="bad_rules",
        params={"field": where, "value": repr(value)},
    )


@dataclass(frozen=True)
class DrawRules:
    """How many to draw and how to assign inspectors.

    ``quotas`` per risk class: an ``int`` is a count, a ``float`` in [0, 1] a ratio. ``total``
    (a count or a ratio over all operators) is used only when ``quotas`` is empty; giving both
    is refused. Counts apply per stratum, i.e. per station when ``stratify_by_station``.
    """

    quotas: dict[str, float | int] = field(default_factory=lambda: dict(HENAN_QUOTAS))
    total: int | float | None = None
    include_key_targets: bool = True
    stratify_by_station: bool = False
    inspectors_per_task: int = MIN_INSPECTORS_PER_TASK
    avoid_own_station: bool = True

    def __post_init__(self) -> None:
        quotas = {}
        for risk_class, value in dict(self.quotas or {}).items():
            if risk_class not in RISK_CLASSES:
                raise DrawError(
                    f"quotas: unknown risk class {risk_class!r} (expected one of A, B, C, D)",
                    code="bad_rules",
                    params={"field": "quotas", "value": str(risk_class)},
                )
            quotas[risk_class] = _check_amount(value, f"quotas[{risk_class}]")
        # A copy, so a later change to the caller's dict cannot change a frozen plan's rules.
        object.__setattr__(self, "quotas", dict(sorted(quotas.items())))
        if self.total is not None:
            _check_amount(self.total, "total")
            if quotas:
                raise DrawError(
                    "give either quotas per risk class or a total, not both",
                    code="bad_rules",
                    params={"field": "total"},
                )
        if not _is_int(self.inspectors_per_task):
            raise DrawError(
                f"inspectors_per_task must be an integer, not {self.inspectors_per_task!r}",
                code="bad_rules",
                params={"field": "inspectors_per_task"},
            )
        if self.inspectors_per_task < MIN_INSPECTORS_PER_TASK:
            raise DrawError(
                f"inspectors_per_task is {self.inspectors_per_task}: a law-enforcement "
                f"inspection needs at least {MIN_INSPECTORS_PER_TASK} inspectors",
                code="too_few_inspectors_per_task",
                params={
                    "inspectors_per_task": self.inspectors_per_task,
                    "minimum": MIN_INSPECTORS_PER_TASK,
                },
            )
        for name in (
            "include_key_targets",
            "stratify_by_station",
            "avoid_own_station",
        ):
            if not isinstance(getattr(self, name), bool):
                raise DrawError(
                    f"{name} must be true or false, not {getattr(self, name)!r}",
                    code="bad_rules",
                    params={"field": name},
                )

    def as_dict(self) -> dict[str, Any]:
        return {
            "avoid_own_station": self.avoid_own_station,
            "include_key_targets": self.include_key_targets,
            "inspectors_per_task": self.inspectors_per_task,
            "quotas": dict(self.quotas),
            "stratify_by_station": self.stratify_by_station,
            "total": self.total,
        }


# --- (de)serialising the pools, for storage in a JSON field -------------------------------------


def asdict_operator(o: OperatorEntry) -> dict[str, Any]:
    return {
        "id": o.id,
        "key_target": o.key_target,
        "risk_class": o.risk_class,
        "station": o.station,
    }


def asdict_inspector(i: InspectorEntry) -> dict[str, Any]:
    return {"conflicts": sorted(i.conflicts), "id": i.id, "station": i.station}


def operator_from_dict(d: Mapping[str, Any]) -> OperatorEntry:
    return OperatorEntry(
        id=d["id"],
        station=d["station"],
        risk_class=d["risk_class"],
        key_target=d.get("key_target", False),
    )


def inspector_from_dict(d: Mapping[str, Any]) -> InspectorEntry:
    return InspectorEntry(
        id=d["id"], station=d["station"], conflicts=frozenset(d.get("conflicts", ()))
    )


# --- hashing and commitment ------------------------------------------------------------------


def _canonical_json(document: Any) -> bytes:
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def _operator_dicts(operators: Iterable[OperatorEntry]) -> list[dict[str, Any]]:
    rows = []
    seen: set[int] = set()
    for o in sorted(operators, key=_entry_id):
        if not (
            _is_int(o.id)
            and isinstance(o.station, str)
            and o.risk_class in RISK_CLASSES
            and isinstance(o.key_target, bool)
        ):
            raise DrawError(
                f"operator {o.id!r}: expected an integer id, a station name, a risk class "
                f"A-D and key_target true/false, got {o!r}",
                code="bad_operator",
                params={"operator_id": o.id},
            )
        if o.id in seen:
            raise DrawError(
                f"operator {o.id} appears twice in the operator pool",
                code="duplicate_operator",
                params={"operator_id": o.id},
            )
        seen.add(o.id)
        rows.append(
            {
                "id": o.id,
                "key_target": o.key_target,
                "risk_class": o.risk_class,
                "station": o.station,
            }
        )
    return rows


def _inspector_dicts(inspectors: Iterable[InspectorEntry]) -> list[dict[str, Any]]:
    rows = []
    seen: set[int] = set()
    for i in sorted(inspectors, key=_entry_id):
        if not (
            _is_int(i.id)
            and isinstance(i.station, str)
            and isinstance(i.conflicts, frozenset | set)
            and all(_is_int(c) for c in i.conflicts)
        ):
            raise DrawError(
                f"inspector {i.id!r}: expected an integer id, a station name and a set of "
                f"operator ids, got {i!r}",
                code="bad_inspector",
                params={"inspector_id": i.id},
            )
        if i.id in seen:
            raise DrawError(
                f"inspector {i.id} appears twice in the inspector pool",
                code="duplicate_inspector",
                params={"inspector_id": i.id},
            )
        seen.add(i.id)
        rows.append({"conflicts": sorted(i.conflicts), "id": i.id, "station": i.station})
    return rows


def _entry_id(entry: OperatorEntry | InspectorEntry) -> Any:
    # Sort key that does not crash on a bad id, so the validation can name it.
    return (0, entry.id, "") if _is_int(entry.id) else (1, 0, repr(entry.id))


def canonical_pools(
    operators: Iterable[OperatorEntry], inspectors: Iterable[InspectorEntry], rules: DrawRules
) -> bytes:
    """The canonical JSON of both pools and the rules (see the module docstring), UTF-8."""
    return _canonical_json(
        {
            "algorithm": ALGORITHM_VERSION,
            "inspectors": _inspector_dicts(inspectors),
            "operators": _operator_dicts(operators),
            "rules": rules.as_dict(),
        }
    )


def pools_hash(
    operators: Iterable[OperatorEntry], inspectors: Iterable[InspectorEntry], rules: DrawRules
) -> str:
    return hashlib.sha256(canonical_pools(operators, inspectors, rules)).hexdigest()


def make_secret() -> str:
    return secrets.token_hex(32)


def commitment(pools_hash: str, secret: str) -> str:
    return hashlib.sha256(f"{ALGORITHM_VERSION}|{pools_hash}|{secret}".encode()).hexdigest()


_commitment = commitment  # ``verify`` has a parameter of that name


def normalise_public_value(value: str) -> str:
    """NFKC, white space collapsed, ends stripped: retyping the same numbers gives the same seed."""
    return " ".join(unicodedata.normalize("NFKC", value or "").split())


def derive_seed(secret: str, pools_hash: str, public_value: str) -> str:
    if not secret:
        raise DrawError("the secret is empty", code="empty_secret")
    value = normalise_public_value(public_value)
    if not value:
        raise DrawError("the public value is empty", code="empty_public_value")
    message = f"{pools_hash}|{value}".encode()
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


# --- the plan: strata and quotas (seed-independent) --------------------------------------------


@dataclass(frozen=True)
class StratumQuota:
    risk_class: str | None  # None: drawn by the overall total
    station: str | None  # None: not stratified by station
    size: int  # members other than key targets (when they are taken separately)
    quota: int


@dataclass(frozen=True)
class Preflight:
    strata: tuple[StratumQuota, ...]
    key_targets: int
    total_selected: int


def _quota(amount: float | int, size: int) -> int:
    if _is_int(amount):
        return min(amount, size)
    # Exact decimal arithmetic: Fraction(repr(0.1)) is 1/10, so 0.1 × 30 is exactly 3.
    return min(size, math.ceil(Fraction(repr(amount)) * size))


def _strata(
    operators: list[OperatorEntry], rules: DrawRules
) -> tuple[list[OperatorEntry], list[tuple[StratumQuota, list[OperatorEntry], str]]]:
    """Key targets taken separately, and each stratum with its quota, members and reason."""
    key_targets: list[OperatorEntry] = []
    groups: dict[tuple[str | None, str | None], list[OperatorEntry]] = {}
    by_class = bool(rules.quotas)
    for o in operators:
        if rules.include_key_targets and o.key_target:
            key_targets.append(o)
            continue
        risk_class = o.risk_class if by_class else None
        if by_class and risk_class not in rules.quotas:
            continue
        if not by_class and rules.total is None:
            continue
        station = o.station if rules.stratify_by_station else None
        groups.setdefault((risk_class, station), []).append(o)
    strata = []
    for (risk_class, station), members in sorted(groups.items(), key=_stratum_order):
        amount = rules.quotas[risk_class] if risk_class is not None else rules.total
        stratum = StratumQuota(risk_class, station, len(members), _quota(amount, len(members)))
        reason = f"quota:{risk_class}" if risk_class is not None else "total"
        strata.append((stratum, members, reason))
    return key_targets, strata


def _stratum_order(item: tuple[tuple[str | None, str | None], Any]) -> tuple[str, str]:
    (risk_class, station), _members = item
    return (risk_class or "", station or "")


def _eligible_counts(
    candidates: Iterable[OperatorEntry], inspectors: list[InspectorEntry], rules: DrawRules
) -> Iterable[tuple[OperatorEntry, int]]:
    per_station: dict[str, int] = {}
    for i in inspectors:
        per_station[i.station] = per_station.get(i.station, 0) + 1
    conflicted: dict[int, list[str]] = {}  # operator id -> stations of conflicted inspectors
    for i in inspectors:
        for operator_id in i.conflicts:
            conflicted.setdefault(operator_id, []).append(i.station)
    total = len(inspectors)
    for o in candidates:
        excluded = per_station.get(o.station, 0) if rules.avoid_own_station else 0
        for station in conflicted.get(o.id, ()):
            if not (rules.avoid_own_station and station == o.station):
                excluded += 1
        yield o, total - excluded


def _preflight(
    operators: list[OperatorEntry], inspectors: list[InspectorEntry], rules: DrawRules
) -> tuple[list[OperatorEntry], list[tuple[StratumQuota, list[OperatorEntry], str]]]:
    if not operators:
        raise DrawError("the operator pool is empty", code="empty_operator_pool")
    if not inspectors:
        raise DrawError("the inspector pool is empty", code="empty_inspector_pool")
    key_targets, strata = _strata(operators, rules)
    if not key_targets and not any(stratum.quota for stratum, _m, _r in strata):
        raise DrawError(
            "the rules select no operator (no key target and every quota is zero or its "
            "stratum empty)",
            code="empty_selection",
        )
    drawable = key_targets + [
        o for stratum, members, _r in strata if stratum.quota for o in members
    ]
    k = rules.inspectors_per_task
    for o, eligible in _eligible_counts(drawable, inspectors, rules):
        if eligible < k:
            rule = (
                "own-station avoidance and declared conflicts"
                if rules.avoid_own_station
                else ("declared conflicts")
            )
            raise DrawError(
                f"operator {o.id} (station {o.station}) could be drawn but only {eligible} "
                f"inspector(s) remain eligible after {rule}; {k} are needed",
                code="too_few_inspectors",
                params={
                    "operator_id": o.id,
                    "station": o.station,
                    "eligible": eligible,
                    "needed": k,
                },
            )
    return key_targets, strata


def preflight(
    operators: Iterable[OperatorEntry], inspectors: Iterable[InspectorEntry], rules: DrawRules
) -> Preflight:
    """The checks ``run`` makes that do not depend on the seed, and how many will be drawn.

    Call it when freezing: a plan that passes can always be drawn, whatever the public value.
    Raises ``DrawError`` (empty pools, duplicates, bad entries, empty selection, too few
    inspectors for some operator).
    """
    operators, inspectors = list(operators), list(inspectors)
    _operator_dicts(operators)
    _inspector_dicts(inspectors)
    key_targets, strata = _preflight(operators, inspectors, rules)
    return Preflight(
        strata=tuple(stratum for stratum, _m, _r in strata),
        key_targets=len(key_targets),
        total_selected=len(key_targets) + sum(stratum.quota for stratum, _m, _r in strata),
    )


# --- the draw ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    operator_id: int
    inspector_ids: tuple[int, ...]  # ascending
    reason: str  # "key_target", "quota:<risk class>" or "total"


@dataclass(frozen=True)
class DrawResult:
    algorithm: str
    pools_hash: str
    commitment: str
    public_value: str  # normalised
    seed: str  # hex
    selected: tuple[Selection, ...]  # by operator id
    result_hash: str

    def document(self) -> dict[str, Any]:
        """The document whose canonical JSON ``result_hash`` is the SHA-256 of."""
        return _result_document(
            self.algorithm, self.pools_hash, self.public_value, self.seed, self.selected
        )


def _result_document(
    algorithm: str, pools_hash: str, public_value: str, seed: str, selected: Iterable[Selection]
) -> dict[str, Any]:
    return {
        "algorithm": algorithm,
        "pools_hash": pools_hash,
        "public_value": public_value,
        "seed": seed,
        "selected": [[s.operator_id, list(s.inspector_ids), s.reason] for s in selected],
    }


def result_to_json(result: DrawResult) -> list[dict[str, Any]]:
    """The selection as JSON-able rows ``{"operator", "inspectors", "reason"}``."""
    return [
        {"operator": s.operator_id, "inspectors": list(s.inspector_ids), "reason": s.reason}
        for s in result.selected
    ]


def _rank(prefix: str, operator_ids: Iterable[int]) -> dict[int, bytes]:
    sha256 = hashlib.sha256
    return {i: sha256(f"{prefix}{i}".encode()).digest() for i in operator_ids}


def _assign(
    chosen: list[OperatorEntry],
    inspectors: list[InspectorEntry],
    rules: DrawRules,
    seed_hex: str,
) -> dict[int, tuple[int, ...]]:
    """Inspectors for each operator, in the order given (see "Inspector assignment")."""
    sha256 = hashlib.sha256
    global_rank = _rank(f"{seed_hex}|inspector|", (i.id for i in inspectors))
    ranked = sorted(inspectors, key=lambda i: (global_rank[i.id], i.id))
    ids = [i.id for i in ranked]
    stations = [i.station for i in ranked]
    conflicts = [i.conflicts or None for i in ranked]
    avoid = rules.avoid_own_station
    k = rules.inspectors_per_task
    # levels[load] holds the rank positions of the inspectors with that load, ascending.
    levels: list[list[int]] = [list(range(len(ranked)))]
    load = [0] * len(ranked)
    lowest = 0
    teams: dict[int, tuple[int, ...]] = {}
    for o in chosen:
        need, team, level = k, [], lowest
        while need:
            if level == len(levels):  # unreachable after the preflight; kept as a guard
                raise DrawError(
                    f"operator {o.id}: too few eligible inspectors",
                    code="too_few_inspectors",
                    params={"operator_id": o.id, "station": o.station, "needed": k},
                )
            limit = max(CANDIDATE_WINDOW, need)
            candidates = []
            for p in levels[level]:
                if avoid and stations[p] == o.station:
                    continue
                c = conflicts[p]
                if c is not None and o.id in c:
                    continue
                candidates.append(p)
                if len(candidates) == limit:
                    break
            if len(candidates) > need:
                prefix = f"{seed_hex}|insp|{o.id}|"
                candidates.sort(
                    key=lambda p, prefix=prefix: (sha256(f"{prefix}{ids[p]}".encode()).digest(), p)
                )
                del candidates[need:]
            team += candidates
            need -= len(candidates)
            level += 1
        for p in team:
            current = load[p]
            members = levels[current]
            del members[bisect_left(members, p)]
            load[p] = current + 1
            if current + 1 == len(levels):
                levels.append([])
            insort(levels[current + 1], p)
        while not levels[lowest]:
            lowest += 1
        teams[o.id] = tuple(sorted(ids[p] for p in team))
    return teams


def _run(
    operators: list[OperatorEntry],
    inspectors: list[InspectorEntry],
    rules: DrawRules,
    secret: str,
    public_value: str,
    hashed_pools: str,
) -> DrawResult:
    key_targets, strata = _preflight(operators, inspectors, rules)
    seed_hex = derive_seed(secret, hashed_pools, public_value)
    rank = _rank(f"{seed_hex}|op|", (o.id for o in operators))

    def by_rank(o: OperatorEntry) -> tuple[bytes, int]:
        return rank[o.id], o.id

    reasons: dict[int, str] = {o.id: "key_target" for o in key_targets}
    chosen = list(key_targets)
    for stratum, members, reason in strata:
        if not stratum.quota:
            continue
        members = sorted(members, key=by_rank)[: stratum.quota]
        chosen += members
        for o in members:
            reasons[o.id] = reason
    chosen.sort(key=by_rank)
    teams = _assign(chosen, inspectors, rules, seed_hex)
    selected = tuple(
        Selection(operator_id, teams[operator_id], reasons[operator_id])
        for operator_id in sorted(teams)
    )
    value = normalise_public_value(public_value)
    document = _result_document(ALGORITHM_VERSION, hashed_pools, value, seed_hex, selected)
    return DrawResult(
        algorithm=ALGORITHM_VERSION,
        pools_hash=hashed_pools,
        commitment=commitment(hashed_pools, secret),
        public_value=value,
        seed=seed_hex,
        selected=selected,
        result_hash=hashlib.sha256(_canonical_json(document)).hexdigest(),
    )


def run(
    operators: Iterable[OperatorEntry],
    inspectors: Iterable[InspectorEntry],
    rules: DrawRules,
    secret: str,
    public_value: str,
) -> DrawResult:
    """Draw: the same inputs always give the same result. Raises ``DrawError``."""
    operators, inspectors = list(operators), list(inspectors)
    hashed = hashlib.sha256(canonical_pools(operators, inspectors, rules)).hexdigest()
    return _run(operators, inspectors, rules, secret, public_value, hashed)


# --- verification ------------------------------------------------------------------------------


@dataclass
class VerifyReport:
    ok: bool
    problems: list[str] = field(default_factory=list)  # English sentences
    codes: list[str] = field(default_factory=list)  # one per problem, for the UI


def verify(
    operators: Iterable[OperatorEntry],
    inspectors: Iterable[InspectorEntry],
    rules: DrawRules,
    secret: str,
    public_value: str,
    commitment: str,
    result_hash: str,
    *,
    pools_hash: str | None = None,
    seed: str | None = None,
) -> VerifyReport:
    """Recompute a published draw and list every check that fails.

    Pass the published ``pools_hash`` (and ``seed``) too where they are published: the report
    then says whether the pools/rules or the secret were changed. Codes: ``bad_pools``,
    ``pools_hash_mismatch``, ``commitment_mismatch``, ``seed_mismatch``, ``draw_refused``,
    ``result_hash_mismatch``.
    """
    problems: list[str] = []
    codes: list[str] = []

    def fail(code: str, message: str) -> None:
        codes.append(code)
        problems.append(message)

    operators, inspectors = list(operators), list(inspectors)
    try:
        recomputed = hashlib.sha256(canonical_pools(operators, inspectors, rules)).hexdigest()
    except DrawError as exc:
        fail("bad_pools", f"the published pools cannot be read: {exc}")
        return VerifyReport(False, problems, codes)

    if pools_hash is not None:
        if recomputed != pools_hash:
            fail(
                "pools_hash_mismatch",
                f"the pools or rules differ from the frozen snapshot: their hash is "
                f"{recomputed}, the published one {pools_hash}",
            )
        if _commitment(pools_hash, secret) != commitment:
            fail(
                "commitment_mismatch",
                "the secret does not match the commitment published at freezing",
            )
    elif _commitment(recomputed, secret) != commitment:
        fail(
            "commitment_mismatch",
            "the commitment does not match these pools, rules and secret: one of them was "
            "changed after freezing",
        )

    try:
        result = _run(operators, inspectors, rules, secret, public_value, recomputed)
    except DrawError as exc:
        fail("draw_refused", f"the draw cannot be recomputed: {exc}")
        return VerifyReport(False, problems, codes)
    if seed is not None and result.seed != seed:
        fail(
            "seed_mismatch",
            f"the seed recomputed from the secret and the public value is {result.seed}, the "
            f"published one {seed}",
        )
    if result.result_hash != result_hash:
        fail(
            "result_hash_mismatch",
            f"the recomputed result hash is {result.result_hash}, the published one "
            f"{result_hash}: the published selection does not follow from these inputs",
        )
    return VerifyReport(not problems, problems, codes)
