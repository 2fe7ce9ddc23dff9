from .navigation import items_for


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_items": []}
    if not user.is_authenticated:
        return {"nav_items": items_for(user)}
    return {
        "nav_items": items_for(user),
        "unread_count": user.notifications.filter(read_at__isnull=True).count(),
    }
