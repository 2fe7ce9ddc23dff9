"""Readiness (``/readyz``): may this server take requests now? Each dependency is checked on
its own and named in the answer — the database (and no migration left unapplied), the cache
(rate limits and throttles live there), the broker when one is configured, and the file
storage evidence is written to. The answer names what failed and the kind of failure, never
a connection string or a path."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

BROKER_TIMEOUT = 2.0  # seconds: a load balancer asks often and must not wait long


class NotReady(Exception):
    """A check's failure said in a few plain words."""


def database() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def migrations() -> None:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise NotReady(f"{len(pending)} migration(s) not applied")


def cache_roundtrip() -> None:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    try:
        if cache.get(key) != "1":
            raise NotReady("the cache did not keep a value")
    finally:
        cache.delete(key)


def broker() -> str | None:
    """None when no broker is configured (work runs inline): nothing to check."""
    if not settings.CELERY_BROKER_URL:
        return "not configured"
    from kombu import Connection

    with Connection(settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT) as conn:
        conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT)
    return None


def storage() -> None:
    if isinstance(default_storage, FileSystemStorage):
        location = default_storage.location
        if not os.path.isdir(location) or not os.access(location, os.W_OK):
            raise NotReady("the upload folder is missing or not writable")
        return
    default_storage.exists("readyz-probe")  # an object store: reachable and answering


CHECKS: dict[str, Callable[[], str | None]] = {
    "database": database,
    "migrations": migrations,
    "cache": cache_roundtrip,
    "broker": broker,
    "storage": storage,
}


def check() -> tuple[bool, dict[str, str]]:
    """(ready, {check: "ok" | what failed}); later checks run even when one fails, except the
    migrations without a database."""
    results: dict[str, str] = {}
    for name, run in CHECKS.items():
        if name == "migrations" and results.get("database") != "ok":
            results[name] = "skipped: no database"
            continue
        try:
            results[name] = run() or "ok"
        except NotReady as exc:
            results[name] = f"error: {exc}"
        except Exception as exc:  # any failure of a dependency means not ready
            results[name] = f"error: {type(exc).__name__}"
    ready = all(value in ("ok", "not configured") for value in results.values())
    return ready, results
