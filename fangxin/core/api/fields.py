from rest_framework import serializers
from rest_framework.fields import empty


class DecisionField(serializers.BooleanField):
    """A required yes/no that is never assumed.

    DRF reads a boolean left out of a form-encoded or multipart body as false (an unticked
    HTML checkbox), so a client that forgot `accept` sent the order back. The schema says the
    field is required; left out, it is refused, whatever the body's media type.
    """

    default_empty_html = empty
