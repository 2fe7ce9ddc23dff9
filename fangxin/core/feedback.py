"""Turn a service's refusal into messages for the user instead of an error page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


def report_refusal(request, exc: ValidationError | PermissionDenied) -> None:
    if isinstance(exc, ValidationError):
        texts = exc.messages
    else:
        texts = [str(exc) or _("您无权执行此操作。")]
    for text in texts:
        messages.error(request, text)


def run_service(request, call: Callable[[], object], success: str) -> bool:
    """Run ``call``; on success say ``success``, on refusal say why. True when it ran."""
    try:
        call()
    except (ValidationError, PermissionDenied) as exc:
        report_refusal(request, exc)
        return False
    messages.success(request, success)
    return True
