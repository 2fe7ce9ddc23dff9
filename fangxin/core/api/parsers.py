"""Request bodies: every endpoint reads its fields from a JSON object, so nothing else parses."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class ObjectJSONParser(JSONParser):
    """JSON whose top level is an object. A list, string or number would reach serializers and
    views that call ``request.data.get(...)`` and fail there (500); refuse it here, once."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            raise ParseError(_("请求体应为 JSON 对象（{…}），不能是列表、字符串或数字。"))
        return data
