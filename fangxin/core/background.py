"""One small interface for background work: inline by default, Celery when a broker is set.

``enqueue("fangxin.core.sweeps.run_all_today")`` runs the function now in this process when
CELERY_BROKER_URL is empty (the embedded, one-process default), and hands it to a Celery
worker otherwise. Functions are named by dotted path so that workers import the same code.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings


def resolve(path: str):
    module, _, name = path.rpartition(".")
    return getattr(import_module(module), name)


def enqueue(path: str, *args, **kwargs):
    if not settings.CELERY_BROKER_URL:
        return resolve(path)(*args, **kwargs)
    from .tasks import run_path

    return run_path.delay(path, *args, **kwargs)
