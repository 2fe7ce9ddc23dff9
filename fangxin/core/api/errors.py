"""One error body for every API failure: ``{"detail": str, "errors": {field: [str]}}``."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from fangxin.core.upload_limits import UploadTooLarge


def _flatten(value) -> list[str]:
    if isinstance(value, dict):
        return [f"{k}: {m}" for k, v in value.items() for m in _flatten(v)]
    if isinstance(value, list | tuple):
        return [m for item in value for m in _flatten(item)]
    return [str(value)]


def error_body(detail: str, errors: dict | None = None) -> dict:
    return {"detail": detail, "errors": errors or {}}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        # Services raise Django's ValidationError; the API reports it like a serializer's.
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, UploadTooLarge):
        # A file past its limit is too large, not malformed: 413 with the limit named.
        exc = exceptions.APIException(exc.message)
        exc.status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    elif isinstance(exc, SuspiciousOperation):
        # A body Django refuses to read (more than DATA_UPLOAD_MAX_NUMBER_FIELDS fields, …)
        # answered Django's HTML 400 page on an API that promises JSON.
        exc = exceptions.ParseError(str(exc) or "The request body could not be read.")
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        if isinstance(data, dict):
            errors = {field: _flatten(msgs) for field, msgs in data.items()}
        else:
            errors = {"non_field_errors": _flatten(data)}
        response.data = error_body("Invalid input.", errors)
    elif isinstance(data, dict) and "detail" in data:
        response.data = error_body(str(data["detail"]))
    else:
        response.data = error_body(str(exc), {"non_field_errors": _flatten(data)})
    return response


def api_not_found(request, *args, **kwargs):
    return JsonResponse(error_body("Not found."), status=status.HTTP_404_NOT_FOUND)


__all__ = ["Http404", "PermissionDenied", "api_not_found", "exception_handler"]
