from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import reasons
from .models import NotAcceptedGround


@admin.register(NotAcceptedGround)
class NotAcceptedGroundAdmin(admin.ModelAdmin):
    list_display = ["code", "text", "rule", "article", "effective_from", "confirmed"]
    list_filter = ["confirmed", "effective_from"]
    readonly_fields = ["confirmed_at"]
    actions = ["confirm_versions"]

    def changelist_view(self, request, extra_context=None):
        unchecked = reasons.unconfirmed_in_force()
        if unchecked:
            self.message_user(
                request,
                gettext("现行不予受理情形（%(rule)s，%(date)s起施行）有%(n)d项尚未核对：%(note)s")
                % {
                    "rule": unchecked[0].source,
                    "date": unchecked[0].effective_from,
                    "n": len(unchecked),
                    "note": unchecked[0].note,
                },
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("核对确认所选情形"))
    def confirm_versions(self, request, queryset):
        try:
            count = reasons.confirm(request.user, queryset)
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, gettext("已核对确认%d项。") % count, messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        if "confirmed" in form.changed_data and obj.confirmed:
            obj.confirmed_at = timezone.now()
        super().save_model(request, obj, form, change)
