"""The signal that open deadlines must be computed again.

A period version confirmed or corrected, a version added, or a year of the working-day calendar
entered or changed: every app that stores deadlines listens and recomputes its open items (core
cannot import the apps that keep them).
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with: rules (the PeriodRule rows that changed, or ()), years (calendar years that changed,
# or frozenset()), actor (the user, or None), reason (the words for the event rows).
deadlines_changed = Signal()


def send(*, rules=(), years=frozenset(), actor=None, reason: str) -> int:
    """Tell every listener; the number of items whose deadlines were recomputed."""
    answers = deadlines_changed.send(
        sender=None, rules=tuple(rules), years=frozenset(years), actor=actor, reason=reason
    )
    return sum(count or 0 for _receiver, count in answers)
