from rest_framework.permissions import SAFE_METHODS, BasePermission

from fangxin.core.roles import Role


class IsOffice(BasePermission):
    message = "Only the programme office may do this."

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_office)


class OfficeWritesStaffReads(BasePermission):
    """Everyone working in the programme may read; only the office may change."""

    message = "Only the programme office may change this."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in SAFE_METHODS:
            return user.is_office or user.role not in {"", Role.OPERATOR}
        return user.is_office
