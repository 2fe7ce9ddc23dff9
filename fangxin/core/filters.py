import django_filters
from auditlog.models import LogEntry
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from .models import User
from .widgets import AnyYesNoSelect, DateInput, prompt_choices


class PageFilterSet(django_filters.FilterSet):
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
