"""The common pieces of every app's read interface (``<app>/facts.py``).

Evaluation, titles, lists and reports read evidence about operators only through the apps'
facts functions: plain functions over a date window that return frozen dataclasses, each with a
``Ref`` back to its source row so a score can link to its evidence. The bulk form takes many
operator ids and answers ``{operator_id: (fact, ...)}`` with every asked id present (an empty
tuple when nothing happened), in a constant number of queries whatever the number of operators.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

F = TypeVar("F")


@dataclass(frozen=True, order=True)
class Ref:
    """A stable pointer to one row: ``app_label.model_name`` and its primary key."""

    label: str
    pk: int

    @classmethod
    def of(cls, instance) -> Ref:
        return cls(instance._meta.label_lower, instance.pk)

    @classmethod
    def to(cls, model, pk: int) -> Ref:
        """For a row read with ``values()``, without building the instance."""
        return cls(model._meta.label_lower, pk)

    def __str__(self) -> str:
        return f"{self.label}:{self.pk}"


class Attributed:
    """A fact's operator kind: ``kind`` is ``livestream`` / ``group_buying``, or ``None`` when
    the operator does both and nothing says which (a complaint, a monitoring hit, …): such a fact
    **counts for both** of the operator's enrolments, which these say (issue 12 item 2)."""

    @property
    def counts_for_both(self) -> bool:
        return self.kind is None

    def counts_for(self, kind: str) -> bool:
        """Whether the fact counts for the operator's enrolment of ``kind``."""
        return self.kind is None or self.kind == kind


@dataclass(frozen=True)
class Window:
    """A closed date interval [start, end]: a fact dated on either end counts."""

    start: date
    end: date

    def __post_init__(self) -> None:
        for name in ("start", "end"):
            value = getattr(self, name)
            # A datetime is a date too, but comparing it with a date field would drop the day.
            if not isinstance(value, date) or isinstance(value, datetime):
                raise TypeError(f"Window.{name} must be a date, not {type(value).__name__}")
        if self.end < self.start:
            raise ValueError(f"Window ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def year(cls, year: int) -> Window:
        return cls(date(year, 1, 1), date(year, 12, 31))

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def range(self) -> tuple[date, date]:
        """For ``field__range=``, which is inclusive at both ends as the window is."""
        return (self.start, self.end)


def operator_id_list(operator_ids: Iterable[int]) -> list[int]:
    """The asked ids, once each, in the order given; a bare int is refused (a common slip)."""
    if isinstance(operator_ids, int | str):
        raise TypeError("operator_ids must be an iterable of ids; use the *_for function for one")
    return list(dict.fromkeys(int(pk) for pk in operator_ids))


def group_by_operator(
    operator_ids: Iterable[int], facts: Iterable[F], key: Callable[[F], int] | None = None
) -> dict[int, tuple[F, ...]]:
    """``{operator_id: (fact, ...)}`` for every asked id, keeping the facts' order."""
    key = key or (lambda fact: fact.operator_id)
    grouped: dict[int, list[F]] = defaultdict(list)
    for fact in facts:
        grouped[key(fact)].append(fact)
    return {pk: tuple(grouped.get(pk, ())) for pk in operator_id_list(operator_ids)}
