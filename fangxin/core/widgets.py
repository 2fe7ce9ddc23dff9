"""Date widgets that survive every language.

A browser's date picker (``<input type="date">``) and date-time picker (``datetime-local``)
accept their value only in ISO 8601 and show it in the reader's own locale. Django's date
widgets render the value in the active language's first input format instead (``2026/04/15``
in Chinese), which the browser silently discards: the field comes back blank and saving the
form erases the date. These widgets always render ISO 8601. Every date and date-time field on
a form uses them; ``fangxin/core/tests/test_forms_roundtrip.py`` fails for any that does not.
"""

from __future__ import annotations

from django import forms

ISO_DATE = "%Y-%m-%d"
# The seconds are left out: the picker then offers minutes, which is what an official enters.
ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format=format or ISO_DATE)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format=format or ISO_DATETIME_LOCAL)


def use_pickers(fields) -> None:
    """Give every date and date-time field of a form the browser's picker with an ISO value.

    Called by the shared form base so that a model form's date fields need no ``widgets``
    entry: the default text widget would show the locale's format, the picker is what users get
    everywhere else. A widget a form chose on purpose (hidden, a custom one) is left alone.
    """
    for field in fields.values():
        widget = field.widget
        if isinstance(field, forms.DateTimeField) and _plain(widget, forms.DateTimeInput):
            field.widget = _replace(widget, DateTimeInput)
        elif isinstance(field, forms.DateField) and _plain(widget, forms.DateInput):
            field.widget = _replace(widget, DateInput)


def _plain(widget, cls) -> bool:
    """Django's own widget, as a model form makes it or as ``attrs={"type": "date"}`` asks for."""
    return type(widget) is cls and (widget.format is None or "type" in widget.attrs)


def _replace(widget, cls):
    attrs = {k: v for k, v in widget.attrs.items() if k != "type"}
    new = cls(attrs=attrs)
    new.is_required = widget.is_required
    return new
