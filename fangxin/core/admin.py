from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Area, CalendarDay, CalendarYear, PartnerDepartment, PeriodRule, Station, User

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


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "source", "created_at"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"


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
    list_display = ["code", "name", "days", "unit", "extension_days", "effective_from", "source"]
    list_filter = ["code"]
