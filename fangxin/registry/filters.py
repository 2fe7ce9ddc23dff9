"""The operator list's filters, shared by the HTML list, the export and the API."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from fangxin.core.filters import FilterSet
from fangxin.core.models import Area, Station

from .models import Operator


class OrderingWithTieBreak(django_filters.OrderingFilter):
    """Order as asked, then by pk, so that pages never overlap."""

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        return qs.order_by(*[self.get_ordering_value(param) for param in value], "pk")


class OperatorFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("搜索"))
    area = django_filters.ModelChoiceFilter(queryset=Area.objects.all(), label=_("乡镇（街道）"))
    station = django_filters.ModelChoiceFilter(
        field_name="area__station", queryset=Station.objects.all(), label=_("监管所")
    )
    kind = django_filters.ChoiceFilter(
        method="filter_kind",
        choices=[("livestream", _("直播营销")), ("group_buying", _("社区团购"))],
        label=_("经营类型"),
    )
    status = django_filters.ChoiceFilter(choices=Operator.Status.choices, label=_("状态"))
    licence_problem = django_filters.BooleanFilter(
        method="filter_licence_problem", label=_("证照问题")
    )
    ordering = OrderingWithTieBreak(
        fields=(
            ("name", "name"),
            ("uscc", "uscc"),
            ("area__name", "area"),
            ("status", "status"),
            ("created_at", "created_at"),
            ("updated_at", "updated_at"),
        ),
        field_labels={
            "name": _("名称"),
            "uscc": _("统一社会信用代码"),
            "area__name": _("乡镇（街道）"),
            "status": _("状态"),
            "created_at": _("登记时间"),
            "updated_at": _("更新时间"),
        },
        label=_("排序"),
    )

    class Meta:
        model = Operator
        fields = ["q", "area", "station", "kind", "status", "licence_problem"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        from .models import PlatformAccount

        by_handle = PlatformAccount.objects.filter(handle__icontains=value).values("operator_id")
        return queryset.filter(
            Q(name__icontains=value) | Q(uscc__istartswith=value.upper()) | Q(pk__in=by_handle)
        )

    def filter_kind(self, queryset, name, value):
        if value in ("livestream", "group_buying"):
            return queryset.filter(**{value: True})
        return queryset

    def filter_licence_problem(self, queryset, name, value):
        today = timezone.localdate()
        if value is True:
            return queryset.with_licence_problems(today)
        if value is False:
            return queryset.exclude(
                pk__in=Operator.objects.with_licence_problems(today).values("pk")
            )
        return queryset
