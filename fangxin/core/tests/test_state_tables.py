"""Every status field has a transition table, and every table speaks the field's language.

The apps are found through Django's registry and each app's ``states`` module by name, so a new
model with a ``status`` field and no table fails here.
"""

import ast
import importlib
import pathlib

import pytest
from django.apps import apps

from fangxin.core.states import IllegalMove, Table, table

ROOT = pathlib.Path(__file__).resolve().parents[2]

# Choices that are a reading, never stored, so no move reaches or leaves them.
NOT_STORED = {"selfcheck.selfinspection.status": {"not_started"}}


def _status_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("fangxin."):
            continue
        for field in model._meta.concrete_fields:
            if field.name == "status" and field.choices:
                yield model, field


def _tables() -> dict[str, Table]:
    found = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("fangxin."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.states")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if isinstance(value, Table):
                found[value.name] = value
            if isinstance(value, dict):
                found.update({t.name: t for t in value.values() if isinstance(t, Table)})
    return found


def test_every_status_field_has_a_table_in_its_own_language():
    tables = _tables()
    names = []
    for model, field in _status_fields():
        name = f"{model._meta.label_lower}.{field.name}"
        names.append(name)
        matching = [t for key, t in tables.items() if key == name or key.startswith(name + "[")]
        assert matching, f"{name} has no transition table in its app's states.py"
        values = {value for value, _label in field.flatchoices}
        used = set().union(*(t.states for t in matching))
        assert used <= values, f"{name}: the table names states the field lacks: {used - values}"
        missing = values - used - NOT_STORED.get(name, set())
        assert not missing, f"{name}: states no move reaches or leaves: {missing}"
    # The issue counts twelve status fields; a thirteenth needs its table too (above).
    assert len(names) >= 12, names


def test_a_table_refuses_a_move_it_does_not_list():
    t = table("app.thing.status", {"open": {"closed"}})
    assert t.allows("open", "closed") and not t.allows("closed", "open")
    with pytest.raises(IllegalMove) as refused:
        t.check("closed", "open")
    assert (refused.value.table, refused.value.current, refused.value.target) == (
        "app.thing.status",
        "closed",
        "open",
    )
    assert t.targets("closed") == frozenset()


def test_the_tables_import_no_django():
    for path in [ROOT / "core/states.py", *ROOT.glob("*/states.py")]:
        tree = ast.parse(path.read_text())
        imported = [
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        ] + [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
        assert not [m for m in imported if m.startswith("django")], path


# Where a status may be written without ``move``: an imported row being created, the monitoring
# sweeps' plain UPDATEs (each checks the table first), complaints' own move (which writes its
# ComplaintEvent row).
ALLOWED = {
    "registry/importing.py": {"import_instance"},
    "complaints/services.py": {"_move"},
    "monitoring/services.py": {"fail_stalled_scans", "_failed"},
}


def _status_writes(path: pathlib.Path):
    tree = ast.parse(path.read_text())
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(func):
            targets = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AugAssign | ast.AnnAssign):
                targets = [node.target]
            for target in targets:
                elts = target.elts if isinstance(target, ast.Tuple) else [target]
                if any(isinstance(e, ast.Attribute) and e.attr == "status" for e in elts):
                    yield func.name, node.lineno
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "update"
                and any(k.arg == "status" for k in node.keywords)
            ):
                yield func.name, node.lineno


def test_no_service_writes_a_status_except_through_its_table():
    offenders = []
    for path in sorted(ROOT.glob("*/**/*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if "/tests/" in rel or "/migrations/" in rel or rel.endswith(("demo.py",)):
            continue
        allowed = ALLOWED.get(rel, set())
        for name, line in _status_writes(path):
            if name not in allowed:
                offenders.append(f"{rel}:{line} ({name})")
    assert not offenders, "status written outside move(): " + ", ".join(offenders)
