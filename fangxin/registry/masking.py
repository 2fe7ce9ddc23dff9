"""Personal data (ID numbers, phone numbers) is masked unless the viewer's role needs it."""

from __future__ import annotations

from fangxin.core.roles import Role


def mask_id_number(value: str) -> str:
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def may_see_personal_data(user, operator) -> bool:
    """The office, the operator's responsible station, and the operator itself."""
    if not user or not user.is_authenticated:
        return False
    if user.is_office:
        return True
    if user.role == Role.STATION:
        return user.station_id is not None and user.station_id == operator.area.station_id
    if user.role == Role.OPERATOR:
        return user.operator_id == operator.pk
    return False


PERSONAL_FIELDS = {
    "legal_rep_id_number": mask_id_number,
    "contact_phone": mask_phone,
}


def masked(user, operator, field: str) -> str:
    value = getattr(operator, field)
    if may_see_personal_data(user, operator):
        return value
    return PERSONAL_FIELDS[field](value)
