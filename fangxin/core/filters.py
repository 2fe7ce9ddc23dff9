import django_filters
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from .models import User


def _audited_types(request=None):
    return ContentType.objects.filter(
        pk__in=LogEntry.objects.values("content_type").distinct()
    ).order_by("app_label", "model")


class AuditFilter(django_filters.FilterSet):
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
