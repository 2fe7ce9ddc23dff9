from rest_framework import pagination
from rest_framework.exceptions import ValidationError


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        # DRF falls back to the default size on any value it cannot read, so `page_size=abc`
        # silently answered 50 rows; the schema says a positive integer, and so do we.
        raw = request.query_params.get(self.page_size_query_param, "")
        if raw == "":
            return self.page_size
        size = int(raw) if raw.isascii() and raw.isdigit() else 0
        if size < 1:
            raise ValidationError({self.page_size_query_param: ["Expected a positive integer."]})
        return min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["minimum"] = 1
                parameter["description"] = (
                    f"Number of results per page (default {self.page_size}; "
                    f"larger values than {self.max_page_size} are capped)."
                )
            elif parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters
