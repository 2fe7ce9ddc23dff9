"""Text messages to phones, through a backend chosen by setting (``FANGXIN_SMS_BACKEND``, a
dotted path to a :class:`SmsBackend` subclass).

No backend configured means no messages can be sent: the public forms that confirm a phone by a
one-time code (consumer ratings, the satisfaction survey, later title objections) are closed
and say so. :class:`ConsoleBackend` is for development: it writes each message to the server log
(logger ``fangxin.sms``), never to a page. A real gateway is a subclass whose ``send`` calls it.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("fangxin.sms")


class SmsError(Exception):
    """The backend could not hand the message over."""


class SmsBackend:
    """Send one text message to one phone number; raise :class:`SmsError` on failure."""

    def send(self, phone: str, message: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class ConsoleBackend(SmsBackend):
    """Development only: the message goes to the server log, nowhere else."""

    def send(self, phone: str, message: str) -> None:
        logger.info("SMS to %s: %s", phone, message)


def backend() -> SmsBackend | None:
    """The configured backend, or ``None`` when none is (the public forms are then closed)."""
    path = getattr(settings, "FANGXIN_SMS_BACKEND", "")
    if not path:
        return None
    return import_string(path)()


def available() -> bool:
    return bool(getattr(settings, "FANGXIN_SMS_BACKEND", ""))
