from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import calendar, periods
from .models import Area, CalendarDay, CalendarYear, PartnerDepartment, PeriodRule, Station, User
from .workdays import LIBRARY_YEARS

admin.site.site_header = _("放心电商培育管理平台")
admin.site.site_title = _("放心电商")


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0


@admin.register(Station)
class StationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "phone"]
    search_fields = ["code", "name"]
    inlines = [AreaInline]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "station"]
    list_filter = ["kind", "station"]
    search_fields = ["code", "name"]


@admin.register(PartnerDepartment)
class PartnerDepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


def _recomputed(modeladmin, request, count: int) -> None:
    modeladmin.message_user(
        request, gettext("已重新计算%d件在办事项的期限。") % count, messages.INFO
    )


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "source", "created_at"]

    def changelist_view(self, request, extra_context=None):
        # This year and next: a year nobody entered counts on the statutory guess.
        this_year = timezone.localdate().year
        entered = set(CalendarYear.objects.values_list("year", flat=True))
        for year in (this_year, this_year + 1):
            if year not in entered and year not in LIBRARY_YEARS:
                self.message_user(
                    request,
                    gettext(
                        "%d年的放假安排尚未录入：该年的工作日暂按法定节假日及补假推算，"
                        "期限标为“暂定”。国务院办公厅通知发布后，请录入该年度及调休日期。"
                    )
                    % year,
                    messages.WARNING,
                )
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _recomputed(self, request, calendar.years_changed(request.user, {obj.year}))

    def delete_model(self, request, obj):
        year = obj.year
        super().delete_model(request, obj)
        _recomputed(self, request, calendar.years_changed(request.user, {year}))

    def delete_queryset(self, request, queryset):
        years = set(queryset.values_list("year", flat=True))
        super().delete_queryset(request, queryset)
        _recomputed(self, request, calendar.years_changed(request.user, years))


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        years = {obj.date.year}
        if change and form.initial.get("date"):
            years.add(form.initial["date"].year)
        super().save_model(request, obj, form, change)
        _recomputed(self, request, calendar.years_changed(request.user, years))

    def delete_model(self, request, obj):
        year = obj.date.year
        super().delete_model(request, obj)
        _recomputed(self, request, calendar.years_changed(request.user, {year}))

    def delete_queryset(self, request, queryset):
        years = {d.year for d in queryset.values_list("date", flat=True)}
        super().delete_queryset(request, queryset)
        _recomputed(self, request, calendar.years_changed(request.user, years))


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "get_full_name", "role", "station", "is_active"]
    list_filter = ["role", "station", "is_active"]
    autocomplete_fields = ["operator"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("放心电商"), {"fields": ("role", "station", "partner_department", "operator", "phone")}),
    )


@admin.register(PeriodRule)
class PeriodRuleAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "days",
        "unit",
        "extension_days",
        "effective_from",
        "source",
        "confirmed",
    ]
    list_filter = ["confirmed", "code"]
    readonly_fields = ["confirmed_at"]
    actions = ["confirm_versions"]

    def changelist_view(self, request, extra_context=None):
        for rule in periods.unconfirmed_in_force():
            self.message_user(request, unconfirmed_warning(rule), messages.WARNING)
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("核对确认所选版本（重新计算在办事项期限）"))
    def confirm_versions(self, request, queryset):
        count = 0
        try:
            for rule in queryset:
                count += periods.confirm(request.user, rule)
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(
            request,
            gettext("已核对确认%(n)d个版本，重新计算%(count)d件在办事项的期限。")
            % {"n": queryset.count(), "count": count},
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change):
        if "confirmed" in form.changed_data and obj.confirmed:
            obj.confirmed_at = timezone.now()
        super().save_model(request, obj, form, change)
        relevant = {"days", "unit", "extension_days", "source", "confirmed", "effective_from"}
        if not change or relevant & set(form.changed_data):
            try:
                _recomputed(self, request, periods.rule_changed(request.user, obj))
            except ValidationError as exc:
                self.message_user(request, "；".join(exc.messages), messages.ERROR)


def unconfirmed_warning(rule: PeriodRule) -> str:
    return gettext(
        "“%(name)s”（%(date)s起施行，%(source)s）尚未核对：%(note)s 在办事项的期限暂按该版本计算，"
        "请核对后确认或更正。"
    ) % {
        "name": rule.name,
        "date": rule.effective_from,
        "source": rule.source,
        "note": rule.note or "",
    }
