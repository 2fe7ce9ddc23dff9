"""The standalone draw verifier: one Python file, standard library only, that anyone runs on
their own computer on a draw's published data (``/public/draws/<id>/data.json``)::

    python fangxin_verify_draw.py data.json

It recomputes the draw and says whether it matches what was published: the pools and rules
against the frozen hash, the secret against the commitment, the seed, the result hash, and
the published selection row by row. Exit status 0 when everything matches, 1 when something
does not, 2 when the file cannot be read or the draw has not run yet.

The file served (``verifier_source``) is ``drawing.py`` itself, the algorithm the server
draws with and its specification in its docstring, followed by this module's command line
(what follows the "command line" marker below). So the verifier can never drift from the
draw, and a reader has all of it in one place. No Django here.
"""

from __future__ import annotations

from pathlib import Path

# In the file served these names are drawing.py's own, defined above the command line.
from fangxin.supervision.drawing import (
    DrawError,
    DrawRules,
    inspector_from_dict,
    operator_from_dict,
    result_to_json,
    run,
    verify,
)

VERIFIER_NAME = "fangxin_verify_draw.py"


def verifier_source() -> str:
    """The one file served for download: drawing.py, then this command line."""
    here = Path(__file__).resolve().parent
    drawing = (here / "drawing.py").read_text(encoding="utf-8")
    own = (here / "verifier.py").read_text(encoding="utf-8")
    body = own.split("\n# --- the command line", 1)[1]
    header = (
        "#!/usr/bin/env python3\n"
        "# Fangxin draw verifier: python fangxin_verify_draw.py data.json\n"
        "# Standard library only (Python 3.10 or later). Downloaded from the public draw page.\n"
    )
    return header + drawing.rstrip() + "\n\n\n# --- the command line" + body


# --- the command line (everything below is in the file served) -----------------------------


def rules_from(data: dict) -> DrawRules:
    """The published rules as the server reads them back (services.draws._rules)."""
    return DrawRules(
        quotas=dict(data.get("quotas") or {}),
        total=data.get("total"),
        include_key_targets=bool(data.get("include_key_targets")),
        stratify_by_station=bool(data.get("stratify_by_station")),
        inspectors_per_task=int(data.get("inspectors_per_task", 2)),
        avoid_own_station=bool(data.get("avoid_own_station")),
    )


def check(data: dict) -> tuple[bool, list[str]]:
    """Whether the published draw follows from its published inputs, and every problem."""
    if not data.get("secret") or not data.get("public_value") or data.get("result") is None:
        raise ValueError("this draw has not run yet: the secret and result are not published")
    operators = [operator_from_dict(d) for d in data["operator_pool"]]
    inspectors = [inspector_from_dict(d) for d in data["inspector_pool"]]
    rules = rules_from(data["rules"])
    report = verify(
        operators,
        inspectors,
        rules,
        data["secret"],
        data["public_value"],
        data["commitment"],
        data["result_hash"],
        pools_hash=data.get("pools_hash"),
        seed=data.get("seed"),
    )
    problems = list(report.problems)
    try:
        result = run(operators, inspectors, rules, data["secret"], data["public_value"])
    except DrawError:
        return False, problems  # verify() said why
    if data.get("algorithm") != result.algorithm:
        problems.append(
            f"the draw names algorithm {data.get('algorithm')!r}; this verifier implements "
            f"{result.algorithm!r}"
        )
    recomputed = result_to_json(result)
    published = sorted(data["result"], key=lambda row: row.get("operator", 0))
    if [_row(r) for r in published] != [_row(r) for r in recomputed]:
        mine = {r["operator"]: _row(r) for r in recomputed}
        theirs = {r.get("operator"): _row(r) for r in published}
        differing = sorted(k for k in set(mine) | set(theirs) if mine.get(k) != theirs.get(k))
        problems.append(
            "the published selection differs from the recomputed one for operator(s) "
            + ", ".join(str(k) for k in differing[:20])
            + (" …" if len(differing) > 20 else "")
        )
    return not problems, problems


def _row(row: dict) -> tuple:
    return (row.get("operator"), sorted(row.get("inspectors") or []), row.get("reason"))


def main(argv: list[str] | None = None) -> int:
    # Imported here: the command line is served below drawing.py, after its imports.
    import argparse
    import json

    parser = argparse.ArgumentParser(
        description="Recompute a published Fangxin draw from its data.json and say whether "
        "it matches (复核随机抽取结果)."
    )
    parser.add_argument("data", help="the draw's data.json, downloaded from its public page")
    args = parser.parse_args(argv)
    try:
        with open(args.data, encoding="utf-8") as file:
            data = json.load(file)
        ok, problems = check(data)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, DrawError) as exc:
        print(f"CANNOT VERIFY / 无法复核: {exc}")
        return 2
    selected = len(data.get("result") or [])
    name = data.get("plan", "")
    if ok:
        print(f"MATCH / 一致: draw {data.get('id')} {name}: {selected} operators selected;")
        print("the pools, the commitment, the seed, the result hash and every selected row")
        print("follow from the published data.")
        print("两库、承诺值、随机种子、结果哈希和抽取名单均与公布的一致。")
        return 0
    print(f"MISMATCH / 不一致: draw {data.get('id')} {name}:")
    for problem in problems:
        print(f"  - {problem}")
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
