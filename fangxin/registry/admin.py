from django.contrib import admin

from .models import Operator, OperatorEvent


@admin.register(Operator)
class OperatorAdmin(admin.ModelAdmin):
    list_display = ["name", "uscc", "area", "status", "livestream", "group_buying"]
    list_filter = ["status", "livestream", "group_buying", "area"]
    search_fields = ["name", "uscc"]


@admin.register(OperatorEvent)
class OperatorEventAdmin(admin.ModelAdmin):
    list_display = ["operator", "occurred_at", "kind", "summary"]
    list_filter = ["kind"]
    raw_id_fields = ["operator", "actor"]
