"""Tell users something: an inbox entry each, plus an email where the user has an address.

Call it after commit (``transaction.on_commit``) so nobody is told of a change that rolled back.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail

from .models import Notification, User

log = logging.getLogger(__name__)


def notify_users(users: Iterable[User], subject: str, body: str, link: str = "") -> int:
    users = list(users)
    Notification.objects.bulk_create(
        [Notification(user=u, subject=str(subject), body=str(body), link=link) for u in users]
    )
    for user in users:
        if user.email:
            try:
                send_mail(str(subject), str(body), settings.DEFAULT_FROM_EMAIL, [user.email])
            except OSError:
                # The inbox entry stands; a mail server outage must not undo the action.
                log.exception("mail to %s failed", user.pk)
    return len(users)
