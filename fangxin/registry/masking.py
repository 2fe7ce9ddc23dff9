"""Personal data (ID numbers, phone numbers) is masked unless the viewer's role needs it."""

from __future__ import annotations


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
    """The office, the operator's responsible station, and the operator itself (the
    ``registry.view_personal_data`` permission decides)."""
    if not user or not user.is_authenticated:
        return False
    return user.has_perm("registry.view_personal_data", operator)


PERSONAL_FIELDS = {
    "legal_rep_id_number": mask_id_number,
    "contact_phone": mask_phone,
}


def masked(user, operator, field: str) -> str:
    value = getattr(operator, field)
    if may_see_personal_data(user, operator):
        return value
    return PERSONAL_FIELDS[field](value)
