"""Who may act is decided in the permission modules only (issue 12, item 3): a role compared
anywhere else is a second decision that drifts from the first. This test reads the source
and the templates and names every line that compares a role outside the modules allowed to."""

import re
from pathlib import Path

import pytest
import rules

import fangxin
from fangxin.core.permissions import roles_holding

PACKAGE = Path(fangxin.__file__).parent

# The modules that may compare roles: the roles themselves, the permission predicates, and the
# scope gate (which rows a role sees), plus the User model's own role properties.
ALLOWED = re.compile(
    r"(^|/)(permissions\.py|roles\.py|scoping\.py|scopes\.py)$|^core/models\.py$|(^|/)tests/|/migrations/"
)
ROLE_TEST = re.compile(
    r"\.role\s*(==|!=)|\brole\s+(not\s+)?in\b|\.is_office\b|\bRole\.[A-Z_]+\s*(==|!=)"
)
TEMPLATE_ROLE_TEST = re.compile(r"user\.role\b|user\.is_office\b|\bis_office\b")


def _offending_lines():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if ALLOWED.search(rel):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if ROLE_TEST.search(code):
                found.append(f"{rel}:{number}: {line.strip()}")
    for path in sorted(PACKAGE.rglob("templates/**/*.html")):
        rel = path.relative_to(PACKAGE).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if TEMPLATE_ROLE_TEST.search(line):
                found.append(f"{rel}:{number}: {line.strip()[:120]}")
    return found


def test_no_role_comparison_outside_the_permission_modules():
    offending = _offending_lines()
    assert not offending, "Ask user.has_perm(...) instead of comparing roles:\n" + "\n".join(
        offending
    )


@pytest.mark.django_db
def test_every_action_permission_is_held_by_some_role_and_listed_in_an_app_table():
    """Each app's ``tests/test_permission_table.py`` lists its permissions with their roles;
    together they must cover every permission registered with ``rules``."""
    tables = {}
    for table in sorted(PACKAGE.glob("*/tests/test_permission_table.py")):
        text = table.read_text(encoding="utf-8")
        tables.update(
            {name: table.parent.parent.name for name in re.findall(r'"(\w+\.\w+)":', text)}
        )
    registered = sorted(name for name in rules.permissions.permissions if "." in name)
    missing = [name for name in registered if name not in tables]
    assert not missing, f"Permissions without a row in their app's permission table: {missing}"
    unheld = [name for name in registered if not roles_holding(name)]
    assert not unheld, f"Permissions no role holds: {unheld}"
