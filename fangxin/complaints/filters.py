"""The complaint list's filters, shared by the HTML list, the export and the API."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fangxin.core.filters import FilterSet
from fangxin.core.models import Station
from fangxin.registry.filters import OrderingWithTieBreak

from . import states
from .models import Complaint


class ComplaintFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("搜索"))
    kind = django_filters.ChoiceFilter(choices=Complaint.Kind.choices, label=_("类型"))
    status = django_filters.ChoiceFilter(choices=Complaint.Status.choices, label=_("状态"))
    category = django_filters.ChoiceFilter(choices=Complaint.Category.choices, label=_("问题类别"))
    channel = django_filters.ChoiceFilter(choices=Complaint.Channel.choices, label=_("渠道"))
    station = django_filters.ModelChoiceFilter(
        queryset=Station.objects.all(), label=_("承办监管所")
    )
    triage = django_filters.BooleanFilter(
        field_name="station", lookup_expr="isnull", label=_("待办公室分派")
    )
    operator = django_filters.NumberFilter(field_name="operator_id", label=_("经营主体ID"))
    received_after = django_filters.DateFilter(
        field_name="received_on", lookup_expr="gte", label=_("登记日期起")
    )
    received_before = django_filters.DateFilter(
        field_name="received_on", lookup_expr="lte", label=_("登记日期止")
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("已超期"))
    substantiated = django_filters.BooleanFilter(label=_("投诉属实"))
    ordering = OrderingWithTieBreak(
        fields=(("received_on", "received_on"), ("due_on", "due_on"), ("status", "status")),
        field_labels={"received_on": _("登记日期"), "due_on": _("当前期限"), "status": _("状态")},
    )

    class Meta:
        model = Complaint
        fields = []

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(tracking_code__iexact=value)
            | Q(external_id=value)
            | Q(operator__name__icontains=value)
            | Q(operator_text__icontains=value)
            | Q(order_number=value)
        )

    def filter_overdue(self, qs, name, value):
        if value is None:
            return qs
        today = timezone.localdate()
        overdue = Q(due_on__lt=today) & ~Q(status__in=states.FINAL)
        return qs.filter(overdue) if value else qs.exclude(overdue)
