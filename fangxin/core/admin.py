from datetime import date, timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
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


class CalendarYearForm(forms.ModelForm):
    """A year's official schedule in one go: its holidays and its make-up workdays (调休上班).

    Saving replaces the year's entered days, so that deadlines are recomputed once, on the whole
    schedule, and never on a year half entered.
    """

    holidays = forms.CharField(
        label=_("放假日期"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("每行一个日期或日期段，可加说明，如：2027-02-05~2027-02-11 春节"),
    )
    workdays = forms.CharField(
        label=_("调休上班日期"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一个日期，可加说明，如：2027-02-20 春节调休上班"),
    )

    class Meta:
        model = CalendarYear
        fields = ["year", "source"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            days = CalendarDay.objects.filter(date__year=self.instance.year).order_by("date")
            self.fields["holidays"].initial = "\n".join(
                f"{d.date} {d.note}".strip() for d in days if not d.is_workday
            )
            self.fields["workdays"].initial = "\n".join(
                f"{d.date} {d.note}".strip() for d in days if d.is_workday
            )

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2099:
            raise forms.ValidationError(_("年份应在2000到2099之间。"))
        return year

    def _days(self, name: str) -> dict:
        year = self.cleaned_data.get("year")
        days: dict = {}
        lines = [line.strip() for line in self.cleaned_data.get(name, "").splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > 100:
            raise forms.ValidationError(_("最多100行。"))
        for number, line in enumerate(lines, start=1):
            span, _sep, note = line.partition(" ")
            first, _tilde, last = span.replace("～", "~").partition("~")
            try:
                start = date.fromisoformat(first)
                end = date.fromisoformat(last) if last else start
            except ValueError:
                raise forms.ValidationError(
                    _("第%(n)d行“%(line)s”不是日期（应为YYYY-MM-DD或YYYY-MM-DD~YYYY-MM-DD）。")
                    % {"n": number, "line": line[:40]}
                ) from None
            if end < start or (end - start).days > 31:
                raise forms.ValidationError(_("第%d行的日期段应从前到后，且不超过31天。") % number)
            if year and (start.year != year or end.year != year):
                raise forms.ValidationError(
                    _("第%(n)d行的日期不在%(year)d年内。") % {"n": number, "year": year}
                )
            day = start
            while day <= end:
                days[day] = note.strip()[:100]
                day += timedelta(days=1)
        return days

    def clean(self):
        cleaned = super().clean()
        try:
            cleaned["holiday_days"] = self._days("holidays")
        except forms.ValidationError as exc:
            self.add_error("holidays", exc)
        try:
            cleaned["make_up_days"] = self._days("workdays")
        except forms.ValidationError as exc:
            self.add_error("workdays", exc)
        both = set(cleaned.get("holiday_days", {})) & set(cleaned.get("make_up_days", {}))
        if both:
            self.add_error(
                "workdays",
                _("%s 同时列为放假和上班。") % "、".join(str(d) for d in sorted(both)[:5]),
            )
        return cleaned


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    form = CalendarYearForm
    list_display = ["year", "source", "entered_at"]

    @admin.display(description=_("录入时间"), ordering="created_at")
    def entered_at(self, obj):
        # the field has no Chinese name (naming it needs a migration): the column read "CREATED AT"
        return obj.created_at

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
        years = {obj.year}
        with transaction.atomic():
            if change and form.initial.get("year"):
                years.add(form.initial["year"])
            super().save_model(request, obj, form, change)
            CalendarDay.objects.filter(date__year__in=years).delete()
            entered = {
                **{d: (False, note) for d, note in form.cleaned_data["holiday_days"].items()},
                **{d: (True, note) for d, note in form.cleaned_data["make_up_days"].items()},
            }
            for day, (working, note) in sorted(entered.items()):
                # One by one so that the audit log records each day (a few dozen a year).
                CalendarDay.objects.create(date=day, is_workday=working, note=note)
            _recomputed(self, request, calendar.years_changed(request.user, years))

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
    list_display = ["username", "full_name", "role", "station", "is_active"]

    @admin.display(description=_("姓名"))
    def full_name(self, obj):
        return obj.get_full_name()  # the bare method's column read "Get full name"

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
