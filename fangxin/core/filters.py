import django_filters
from auditlog.models import LogEntry
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from . import params
from .models import Area, User
from .widgets import AnyYesNoSelect, DateInput, prompt_choices

# --- bounded fields: every list's ids and dates, parsed once ------------------------------------


def _check_ids(values, error):
    for value in values:
        text = str(value).strip()
        if text.isascii() and text.lstrip("-").isdigit() and not params.is_id(text):
            raise error


class BoundedModelChoiceField(filter_fields.ModelChoiceField):
    """An id past the database's range is an invalid choice, not an overflow in the query."""

    def to_python(self, value):
        if value not in self.empty_values:
            invalid = ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
            _check_ids([value], invalid)
        return super().to_python(value)


class BoundedModelMultipleChoiceField(filter_fields.ModelMultipleChoiceField):
    def _check_values(self, value):
        invalid = ValidationError(
            self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": ""}
        )
        _check_ids(value or [], invalid)
        return super()._check_values(value)


class BoundedIntegerField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", -params.ID_MAX)
        kwargs.setdefault("max_value", params.ID_MAX)
        super().__init__(*args, **kwargs)


class BoundedDecimalField(forms.DecimalField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", -params.ID_MAX)
        kwargs.setdefault("max_value", params.ID_MAX)
        super().__init__(*args, **kwargs)


class BoundedDateField(forms.DateField):
    def validate(self, value):
        super().validate(value)
        params.check_date(value)


class BoundedDateRangeField(filter_fields.DateRangeField):
    def __init__(self, *args, **kwargs):
        # DateRangeField's own __init__ would make plain DateFields: build as RangeField does.
        filter_fields.RangeField.__init__(
            self, (BoundedDateField(), BoundedDateField()), *args, **kwargs
        )


BOUNDED_FIELDS = {
    filter_fields.ModelChoiceField: BoundedModelChoiceField,
    filter_fields.ModelMultipleChoiceField: BoundedModelMultipleChoiceField,
    forms.IntegerField: BoundedIntegerField,
    forms.DecimalField: BoundedDecimalField,
    forms.DateField: BoundedDateField,
    filter_fields.DateRangeField: BoundedDateRangeField,
}


class FilterSet(django_filters.FilterSet):
    """The base of every list's filters (pages and API): ids and dates are parsed by bounded
    fields, so ``?operator=99999999999999999999`` or a date in 1257 is a 400 or a form error
    (it was an OverflowError or a LookupError: 500). Declared and generated filters alike."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in self.filters.values():  # this instance's copies
            item.field_class = BOUNDED_FIELDS.get(item.field_class, item.field_class)


class PageFilterSet(FilterSet):
    """A filter set shown on a page: every empty choice reads 全部 (默认 for the order), a
    yes/no filter starts at 全部 rather than 未知, dates get the picker, inputs Bootstrap's
    classes. The API reads the same filters; none of this changes what a value means."""

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            ordering = [
                name
                for name, f in self.filters.items()
                if isinstance(f, django_filters.OrderingFilter)
            ]
            prompt_choices({n: f for n, f in form.fields.items() if n not in ordering}, _("全部"))
            prompt_choices({n: form.fields[n] for n in ordering}, _("默认"))
            for field in form.fields.values():
                if isinstance(field, forms.NullBooleanField):
                    field.widget = AnyYesNoSelect()
                elif isinstance(field, forms.DateField):
                    field.widget = DateInput()
                css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
                field.widget.attrs.setdefault("class", f"{css} {css}-sm")
        return self._form


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A row id. Unlike a ModelChoiceFilter it never says whether an id exists elsewhere."""

    field_class = forms.IntegerField


def _audited_types(request=None):
    return ContentType.objects.filter(
        pk__in=LogEntry.objects.values("content_type").distinct()
    ).order_by("app_label", "model")


class AuditFilter(PageFilterSet):
    """Shared by the audit page and the audit API."""

    actor = django_filters.ModelChoiceFilter(
        queryset=User.objects.order_by("username"), label=_("操作人")
    )
    content_type = django_filters.ModelChoiceFilter(queryset=_audited_types, label=_("对象类型"))
    date_from = django_filters.DateFilter(
        field_name="timestamp", lookup_expr="date__gte", label=_("起始日期")
    )
    date_to = django_filters.DateFilter(
        field_name="timestamp", lookup_expr="date__lte", label=_("截止日期")
    )

    class Meta:
        model = LogEntry
        fields = ["actor", "content_type", "date_from", "date_to"]


class AreaFilter(FilterSet):
    class Meta:
        model = Area
        fields = ["station", "kind"]
