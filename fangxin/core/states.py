"""Transition tables: the moves a status field may make, declared once per field (no Django).

Each app lists its tables in its own ``states.py`` with plain strings; the services move a row
only through ``fangxin.registry.services.move``, which checks the table and writes the event row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


class IllegalMove(ValueError):
    """A move the table does not allow; carries what was refused so the caller can word it."""

    def __init__(self, table: str, current: str, target: str) -> None:
        self.table, self.current, self.target = table, current, target
        super().__init__(f"{table}: {current!r} may not move to {target!r}")


@dataclass(frozen=True)
class Table:
    """One status field: ``name`` is ``app_label.model.field``; ``moves`` maps a state to the
    states it may move to; a state absent from ``moves`` is final."""

    name: str
    moves: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @property
    def states(self) -> frozenset[str]:
        return frozenset(self.moves).union(*self.moves.values()) if self.moves else frozenset()

    def allows(self, current: str, target: str) -> bool:
        return target in self.moves.get(current, frozenset())

    def targets(self, current: str) -> frozenset[str]:
        return self.moves.get(current, frozenset())

    def check(self, current: str, target: str) -> None:
        if not self.allows(current, target):
            raise IllegalMove(self.name, current, target)


def table(name: str, moves: Mapping[str, Iterable[str]]) -> Table:
    return Table(name, {state: frozenset(targets) for state, targets in moves.items()})
