from drf_spectacular.utils import OpenApiResponse
from rest_framework.permissions import BasePermission

READ_ACTIONS = frozenset({"list", "retrieve"})

BAD_REQUEST = OpenApiResponse(description="Invalid input; `errors` says what and where.")
FORBIDDEN = OpenApiResponse(description="The caller's role may not do this.")
NOT_FOUND = OpenApiResponse(description="No such row in the caller's scope.")


class ActionPermission(BasePermission):
    """Each action of a viewset is open to the holders of the named permission the view lists
    for it in ``action_permissions`` (see ``fangxin.core.permissions``); an action not listed
    is refused. Reading (list, detail) is open to the holders of ``read_permission`` when the
    view names one, otherwise to everyone signed in (``visible()`` picks the rows). The row an
    action works on is checked again with the same permission (``has_object_permission``).

    ``action_messages`` may give an action's refusal in words.
    """

    message = "Your role may not do this."

    def _perm(self, view) -> str | None:
        name = getattr(view, "action", None)
        if name is None or name in READ_ACTIONS:
            return getattr(view, "read_permission", None)
        return getattr(view, "action_permissions", {}).get(name, "")

    def _refuse(self, view) -> bool:
        self.message = getattr(view, "action_messages", {}).get(
            getattr(view, "action", None), getattr(view, "refused_message", self.message)
        )
        return False

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        perm = self._perm(view)
        if perm is None:
            # A read open to everyone signed in, OPTIONS, or a method the view does not route.
            return True
        if not perm or not user.has_perm(perm):
            return self._refuse(view)
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        perm = self._perm(view)
        if perm is None or request.user.has_perm(perm, obj):
            return True
        return self._refuse(view)
