from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

from fangxin.core.scoping import visible


class DecisionField(serializers.BooleanField):
    """A required yes/no that is never assumed.

    DRF reads a boolean left out of a form-encoded or multipart body as false (an unticked
    HTML checkbox), so a client that forgot `accept` sent the order back. The schema says the
    field is required; left out, it is refused, whatever the body's media type.
    """

    default_empty_html = empty


def enum_field(choices: type, component_name: str) -> type[serializers.ChoiceField]:
    """A ChoiceField over ``choices`` documented as its own named enum component.

    Several models call their choice fields ``kind`` and ``status``; naming each set
    keeps drf-spectacular from guessing (and warning about) which is which.
    """

    @extend_schema_field(
        {"type": "string", "enum": list(choices.values)}, component_name=component_name
    )
    class Field(serializers.ChoiceField):
        def __init__(self, **kwargs):
            kwargs.setdefault("choices", choices.choices)
            super().__init__(**kwargs)

    Field.__name__ = Field.__qualname__ = f"{choices.__name__}Field"
    return Field


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key chosen among the rows ``visible()`` to the requesting user."""

    def __init__(self, model, **kwargs):
        self.model = model
        kwargs.setdefault("queryset", model.objects.all())
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return visible(getattr(request, "user", None), self.model)
