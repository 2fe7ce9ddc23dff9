"""The one gate: which rows of a model a user may see.

Every list, lookup, export and API view asks ``visible(user, Model)`` (or passes a queryset
to narrow further). Each domain model registers, once, how it reaches an Area (for station
roles) and an Operator (for the operator role), and optionally what the public and the
programme's outside roles (partner, evaluator, association, monitor) may see.

A model that was never registered is visible to the office only: forgetting to register
fails closed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, Q, QuerySet

from .roles import STATION_ROLES, Role

QBuilder = Callable[[object], Q]


@dataclass(frozen=True)
class Scope:
    area_path: str | None = None
    operator_path: str | None = None
    public: Q | None = None
    # Per-role filters that take precedence over the area and operator paths.
    roles: dict[str, QBuilder] | None = None


_SCOPES: dict[type[Model], Scope] = {}


def register(
    model: type[Model],
    *,
    area: str | None = None,
    operator: str | None = None,
    public: Q | None = None,
    roles: dict[str, QBuilder] | None = None,
) -> None:
    _SCOPES[model] = Scope(area_path=area, operator_path=operator, public=public, roles=roles)


def scope_of(model: type[Model]) -> Scope | None:
    return _SCOPES.get(model)


def visible(user, model_or_queryset: type[Model] | QuerySet) -> QuerySet:
    """The rows of ``model_or_queryset`` that ``user`` (maybe anonymous) may see."""
    qs = (
        model_or_queryset
        if isinstance(model_or_queryset, QuerySet)
        else model_or_queryset._default_manager.all()
    )
    return qs.filter(visibility_filter(user, qs.model))


def visibility_filter(user, model: type[Model]) -> Q:
    nothing = Q(pk__in=[])
    scope = _SCOPES.get(model)
    if user is None or not user.is_authenticated:
        return scope.public if scope and scope.public is not None else nothing
    if not user.is_active:
        return nothing
    if user.is_superuser or user.role == Role.OFFICE:
        return Q()
    if scope is None:
        return nothing
    if scope.roles and user.role in scope.roles:
        return scope.roles[user.role](user)
    if user.role in STATION_ROLES and scope.area_path is not None and user.station_id:
        return Q(**{f"{scope.area_path}__station_id": user.station_id})
    if user.role == Role.OPERATOR and scope.operator_path is not None and user.operator_id:
        return Q(**{scope.operator_path: user.operator_id})
    return nothing


def can_see(user, obj: Model) -> bool:
    return visible(user, type(obj)).filter(pk=obj.pk).exists()
