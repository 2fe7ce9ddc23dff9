"""The Celery application, used only when CELERY_BROKER_URL is set (see core.background)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fangxin.settings")

app = Celery("fangxin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
