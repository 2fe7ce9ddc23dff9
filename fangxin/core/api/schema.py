"""The OpenAPI schema says every answer an operation can give, not only its success.

drf-spectacular documents the success code (and what a view declares). Every operation here
can also answer with the one error body of ``fangxin.core.api.errors``: 400 when it reads a
body or query parameters, 401 and 403 when it needs a signed-in caller whose role it checks,
404 when its path names a row (or a list's page is past the end), 415 when it reads a body.
Clients generated from the schema, and the schemathesis harness, rely on that list being
complete.
"""

from drf_spectacular import openapi
from rest_framework.permissions import AllowAny, IsAuthenticated

from .opendata import DOWNLOAD_FORMATS, OpenDataMixin
from .permissions import BAD_REQUEST, FORBIDDEN, NOT_FOUND
from .serializers import ErrorSerializer

ERROR_DESCRIPTIONS = {
    "400": "Invalid input; `errors` says what and where.",
    "401": "No valid credentials (send `Authorization: Bearer <token>`).",
    "403": "The caller's role may not do this.",
    "404": "No such row in the caller's scope (or no such page).",
    "415": "The body's media type is not one listed here (or the body does not parse as it).",
    "429": "Too many requests from this address; `Retry-After` says in how many seconds to "
    "try again.",
}

DECLARED_ERRORS = {400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND}


def responses(success, *codes: int) -> dict:
    """An operation's ``responses``: ``success`` for 200, and the named error codes."""
    return {200: success, **{code: DECLARED_ERRORS[code] for code in codes}}


class AutoSchema(openapi.AutoSchema):
    def _get_filter_parameters(self):
        return _allow_empty(super()._get_filter_parameters())

    def _get_pagination_parameters(self):
        return _allow_empty(super()._get_pagination_parameters())

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        if isinstance(self.view, OpenDataMixin) and method == "GET":
            open_data(operation, self.view)
        for code in self._error_codes(operation):
            responses.setdefault(code, {"description": ERROR_DESCRIPTIONS[code]})
        for code, response in responses.items():
            # Declared errors without a body (OpenApiResponse(description=...)) get the one
            # error body every failure has.
            if code[0] in "45" and "content" not in response:
                response.update(self._get_response_for_code(ErrorSerializer, code))
                response["description"] = response["description"] or ERROR_DESCRIPTIONS.get(
                    code, ""
                )
        return operation

    def _error_codes(self, operation) -> list[str]:
        codes = []
        parameters = operation.get("parameters", [])
        if "requestBody" in operation or any(p["in"] == "query" for p in parameters):
            codes.append("400")
        if {} not in operation.get("security", [{}]):
            codes.append("401")
            # A tuple, not `A | B`: DRF's permission classes overload `|` to combine checks.
            plain = (IsAuthenticated, AllowAny)
            if any(not isinstance(p, plain) for p in self.view.get_permissions()):
                codes.append("403")
        if any(p["in"] == "path" for p in parameters) or self._get_pagination_parameters():
            codes.append("404")
        if "requestBody" in operation:
            codes.append("415")
        return codes


def _allow_empty(parameters: list[dict]) -> list[dict]:
    # django-filter, DRF's search and ordering, and the page number all read an empty value
    # as "not given" (the browsable API's filter form sends every field, empty or not).
    for parameter in parameters:
        if parameter.get("in") == "query":
            parameter["allowEmptyValue"] = True
    return parameters


OPEN_DATA_HEADERS = {
    "ETag": "Changes when any row of the answer changes; send it back as `If-None-Match`.",
    "Last-Modified": "When the newest row of the answer last changed.",
    "Cache-Control": "`public, max-age=…`: shared caches may keep the answer that long.",
    "Access-Control-Allow-Origin": "`*`: any web page may read the open data.",
}


def open_data(operation: dict, view) -> None:
    """What every open-data read adds: the download formats, the validators and CORS headers
    of its 200, a bodiless 304 for a conditional GET, and 429 past the rate limit."""
    responses = operation["responses"]
    formats = ["json", *(f for f in DOWNLOAD_FORMATS if view.action in view.download_actions)]
    operation.setdefault("parameters", []).append(
        {
            "in": "query",
            "name": "format",
            "schema": {"type": "string", "enum": formats},
            "description": "`csv` (UTF-8 with BOM) or `xlsx` for a spreadsheet of the same rows "
            "(also as a `.csv` / `.xlsx` suffix of the path); cells that a spreadsheet would "
            "read as a formula start with `'`.",
        }
    )
    if "200" in responses:
        responses["200"].setdefault("headers", {}).update(
            {
                name: {"schema": {"type": "string"}, "description": text}
                for name, text in OPEN_DATA_HEADERS.items()
            }
        )
    responses.setdefault(
        "304",
        {
            "description": "Not modified: the `If-None-Match` / `If-Modified-Since` sent still "
            "holds (no body)."
        },
    )
    responses.setdefault(
        "429",
        {
            "description": "Too many requests from this address; `Retry-After` says in how "
            "many seconds to try again.",
            "headers": {"Retry-After": {"schema": {"type": "integer"}}},
        },
    )
