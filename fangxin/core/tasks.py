"""Celery tasks; imported only when Celery is installed and configured."""

from celery import shared_task

from .background import resolve


@shared_task(name="fangxin.run_path")
def run_path(path: str, *args, **kwargs):
    return resolve(path)(*args, **kwargs)
