"""Every view declares who may open it (issue 12 item 9).

Walks the URL resolver and asks ``fangxin.core.permissions.access_of`` of each pattern's
callback: a function view carries ``@permission("app.action")``, ``@signed_in(reason)`` or
``@public(reason)``; an API view its ``permission_classes``. A new view without a declaration
fails here. The views below are not the project's to declare, each for the reason given.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

from fangxin.core.permissions import access_of

# Route prefixes (as the resolver spells them) left out, and why.
EXCLUDED_PREFIXES = {
    "admin/": "Django admin: its own gate (admin_view: an active staff user), outside the roles",
    "i18n/": "Django's set_language: the language switcher, open to anyone by nature",
    "captcha/": "django-simple-captcha's images and refresh: open by nature, for public forms",
    "static/": "static files (served by WhiteNoise in production, by Django in development)",
    "media/": "uploaded files in development; production serves none through Django",
    "api/schema/": "drf-spectacular's OpenAPI schema: describes the API, holds no data",
    "api/docs/": "drf-spectacular's Swagger page over the schema",
}


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def undeclared() -> list[str]:
    missing = []
    for route, pattern in walk(get_resolver().url_patterns):
        if any(route.startswith(prefix) for prefix in EXCLUDED_PREFIXES):
            continue
        callback = pattern.callback
        if access_of(callback) is None:
            name = f"{callback.__module__}.{getattr(callback, '__qualname__', callback)}"
            missing.append(f"/{route}  {name}  ({pattern.name or 'unnamed'})")
    return sorted(missing)


def test_the_walk_finds_the_views_and_sees_declarations():
    """The walk itself works: it reaches app views, API views and declared views."""
    routes = {route for route, _pattern in walk(get_resolver().url_patterns)}
    assert "supervision/orders/" in routes and "api/v1/rectification-orders/" in {
        r.replace("^", "").replace("$", "").replace("\\.(?P<format>[a-z0-9]+)/?", "")
        for r in routes
    }
    declared = [
        access_of(pattern.callback)
        for _route, pattern in walk(get_resolver().url_patterns)
        if access_of(pattern.callback) is not None
    ]
    assert {access.kind for access in declared} >= {"api", "signed_in"}


def test_every_view_declares_its_access():
    missing = undeclared()
    print(f"{len(missing)} views without a declared access:")
    print("\n".join(missing))
    assert not missing, (
        f"{len(missing)} views declare no access (add @permission, @signed_in or @public from "
        "fangxin.core.permissions):\n" + "\n".join(missing)
    )
