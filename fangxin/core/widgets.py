"""Date widgets that survive every language.

A browser's date picker (``<input type="date">``) and date-time picker (``datetime-local``)
accept their value only in ISO 8601 and show it in the reader's own locale. Django's date
widgets render the value in the active language's first input format instead (``2026/04/15``
in Chinese), which the browser silently discards: the field comes back blank and saving the
form erases the date. These widgets always render ISO 8601. Every date and date-time field on
a form uses them; ``fangxin/tests/test_forms_roundtrip.py`` fails for any that does not.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

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


class AnyYesNoSelect(forms.NullBooleanSelect):
    """A yes/no filter that starts at 全部 (Django's starts at 未知, which reads as a value)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", _("全部")), ("true", _("是")), ("false", _("否"))]

    def format_value(self, value):
        return {True: "true", False: "false", "true": "true", "false": "false"}.get(value, "")


def prompt_choices(fields, prompt=None) -> None:
    """A select's empty choice says 请选择 (in a form) or 全部 (in a filter), not '---------'.

    Only Django's dashes are replaced: an empty choice a form names itself (全部辖区) stays.
    """
    prompt = prompt if prompt is not None else _("请选择")
    for field in fields.values():
        if isinstance(field, forms.ModelMultipleChoiceField):
            continue
        if isinstance(field, forms.ModelChoiceField) or (
            isinstance(field, forms.ChoiceField) and hasattr(field, "empty_label")
        ):
            if _dashes(field.empty_label):
                field.empty_label = prompt
                if not isinstance(field, forms.ModelChoiceField):
                    # django-filter's choice field: the widget still iterates the class's
                    # field (a form copies fields shallowly into widgets); re-bind it.
                    field.choices = getattr(field.choices, "choices", field.choices)
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)
            if choices and choices[0][0] == "" and _dashes(choices[0][1]):
                field.choices = [("", prompt), *choices[1:]]


def _dashes(label) -> bool:
    return label is not None and str(label).strip("-") == ""
