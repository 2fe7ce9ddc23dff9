"""A test that migrates backwards unapplies every later migration, other apps' too; unless the
whole schema is put back, every test after it meets missing tables, and only in the full
ordered run. The `migrate_to` fixture puts it back even when the test fails, so migrating by
hand in a test is refused here."""

from pathlib import Path

import fangxin

PACKAGE = Path(fangxin.__file__).parent


def test_tests_migrate_only_through_the_fixture():
    by_hand = [
        path.relative_to(PACKAGE).as_posix()
        for path in sorted(PACKAGE.rglob("tests/*.py"))
        if path.name != Path(__file__).name
        and "MigrationExecutor(" in path.read_text(encoding="utf-8")
    ]
    assert by_hand == [], f"use the migrate_to fixture instead: {by_hand}"
