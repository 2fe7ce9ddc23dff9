"""API representations of complaints and tip-offs, for the regulator and for the public.

Writes go through ``fangxin.complaints.services`` (the views in ``api.py`` call them), never
``save()`` here; these serializers only validate input and shape output.

The complainant's name and phone are personal data: lists show them masked, and only the
detail view asks ``services.complainant()``, which unmasks them for the handler and logs that
it did. The public views show progress only: no names, no staff notes, no personal data.
"""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fangxin.core.api import bounds
from fangxin.core.api.fields import DecisionField, ScopedPrimaryKeyRelatedField, enum_field
from fangxin.core.api.serializers import NamedRefSerializer
from fangxin.core.models import Station
from fangxin.registry.models import Operator

from . import reasons, services
from .models import (
    DEMAND_LIMIT,
    TEXT_LIMIT,
    Complaint,
    ComplaintEvent,
    ComplaintEvidence,
    FollowUp,
)
from .public_views import PUBLIC_STATUSES

ComplaintKindField = enum_field(Complaint.Kind, "ComplaintKindEnum")
ComplaintChannelField = enum_field(Complaint.Channel, "ComplaintChannelEnum")
ComplaintStatusField = enum_field(Complaint.Status, "ComplaintStatusEnum")
ComplaintCategoryField = enum_field(Complaint.Category, "ComplaintCategoryEnum")
ComplaintAlertField = enum_field(Complaint.Alert, "ComplaintAlertEnum")
ComplaintEventKindField = enum_field(ComplaintEvent.Kind, "ComplaintEventKindEnum")
FollowUpMethodField = enum_field(FollowUp.Method, "FollowUpMethodEnum")
FollowUpSatisfactionField = enum_field(FollowUp.Satisfaction, "FollowUpSatisfactionEnum")


def _today(serializer: serializers.Serializer):
    """One 'today' per request, shared by every row of a list."""
    return serializer.context.setdefault("today", timezone.localdate())


def _status_label(value: str) -> str:
    return str(Complaint.Status(value).label) if value in Complaint.Status.values else value


def masked_complainant(complaint: Complaint) -> dict:
    """What a list shows of the complainant, whoever asks: never the unmasked values."""
    if not (complaint.complainant_name or complaint.complainant_phone):
        return {"name": gettext("匿名"), "phone": "", "masked": False}
    return {
        "name": services.mask_name(complaint.complainant_name),
        "phone": services.mask_phone(complaint.complainant_phone),
        "masked": True,
    }


class ComplainantSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Masked unless `masked` is false.")
    phone = serializers.CharField(allow_blank=True)
    masked = serializers.BooleanField(
        help_text="False only on the detail view for the handling station or the office "
        "(each such view is logged), or when nothing was given (anonymous tip-off)."
    )


def _person(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name() or user.username}


def _station(station) -> dict | None:
    return {"id": station.pk, "name": station.name} if station is not None else None


# --- staff: output ---------------------------------------------------------------------------


class ComplaintEventSerializer(serializers.ModelSerializer):
    kind = ComplaintEventKindField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    from_status_label = serializers.SerializerMethodField()
    to_status_label = serializers.SerializerMethodField()
    from_station = serializers.SerializerMethodField()
    to_station = serializers.SerializerMethodField()
    actor = serializers.SerializerMethodField()

    class Meta:
        model = ComplaintEvent
        fields = [
            "id",
            "kind",
            "kind_label",
            "from_status",
            "from_status_label",
            "to_status",
            "to_status_label",
            "from_station",
            "to_station",
            "note",
            "actor",
            "at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_from_status_label(self, event: ComplaintEvent) -> str:
        return _status_label(event.from_status)

    @extend_schema_field(OpenApiTypes.STR)
    def get_to_status_label(self, event: ComplaintEvent) -> str:
        return _status_label(event.to_status)

    @extend_schema_field(NamedRefSerializer(allow_null=True))
    def get_from_station(self, event: ComplaintEvent) -> dict | None:
        return _station(event.from_station)

    @extend_schema_field(NamedRefSerializer(allow_null=True))
    def get_to_station(self, event: ComplaintEvent) -> dict | None:
        return _station(event.to_station)

    @extend_schema_field(NamedRefSerializer(allow_null=True))
    def get_actor(self, event: ComplaintEvent) -> dict | None:
        return _person(event.actor)


class FollowUpSerializer(serializers.ModelSerializer):
    method = FollowUpMethodField(read_only=True)
    method_label = serializers.CharField(source="get_method_display", read_only=True)
    satisfaction = FollowUpSatisfactionField(read_only=True)
    satisfaction_label = serializers.CharField(source="get_satisfaction_display", read_only=True)

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "visited_on",
            "method",
            "method_label",
            "satisfaction",
            "satisfaction_label",
            "note",
        ]
        read_only_fields = fields


class ComplaintEvidenceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The file, for a signed-in handler.")

    class Meta:
        model = ComplaintEvidence
        fields = ["id", "original_name", "content_type", "size", "sha256", "uploaded_at", "url"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_url(self, evidence: ComplaintEvidence) -> str:
        return reverse("complaints:evidence", args=[evidence.pk])


class ComplaintSerializer(serializers.ModelSerializer):
    """A row of the list: status, deadlines and who handles it; the complainant masked."""

    kind = ComplaintKindField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    channel = ComplaintChannelField(read_only=True)
    channel_label = serializers.CharField(source="get_channel_display", read_only=True)
    status = ComplaintStatusField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    category = ComplaintCategoryField(read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    alert = ComplaintAlertField(read_only=True)
    overdue = serializers.SerializerMethodField(
        help_text="Open and past its current deadline (`due_on`) today."
    )
    complainant = serializers.SerializerMethodField()
    operator_name = serializers.CharField(
        source="respondent",
        read_only=True,
        help_text="The registered operator's name, or the name as the complainant wrote it.",
    )
    station_name = serializers.CharField(
        source="station.name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Complaint
        fields = [
            "id",
            "tracking_code",
            "kind",
            "kind_label",
            "channel",
            "channel_label",
            "external_id",
            "received_on",
            "status",
            "status_label",
            "category",
            "category_label",
            "complainant",
            "operator",
            "operator_name",
            "station",
            "station_name",
            "decide_by",
            "decision_extended",
            "decided_on",
            "mediation_ends_by",
            "notify_by",
            "notified_on",
            "due_on",
            "alert",
            "overdue",
            "closed_on",
            "substantiated",
            "case",
            "inspection",
            "finding",
            "merged_into",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_overdue(self, complaint: Complaint) -> bool:
        return complaint.is_overdue(_today(self))

    @extend_schema_field(ComplainantSerializer)
    def get_complainant(self, complaint: Complaint) -> dict:
        return masked_complainant(complaint)


class ComplaintDetailSerializer(ComplaintSerializer):
    """One item with its facts, deadlines and their legal sources, history and follow-ups.

    The complainant comes from the context (``services.complainant()``, asked once by the view,
    which logs an unmasked view); without it, masked.
    """

    next_states = serializers.SerializerMethodField(
        help_text="The statuses the state table allows from here."
    )
    periods_used = serializers.JSONField(
        read_only=True,
        help_text="Per period code: the rule version, days and legal source each deadline used.",
    )
    events = ComplaintEventSerializer(many=True, read_only=True)
    follow_ups = FollowUpSerializer(many=True, read_only=True)
    evidence = ComplaintEvidenceSerializer(many=True, read_only=True)

    class Meta(ComplaintSerializer.Meta):
        fields = [
            *ComplaintSerializer.Meta.fields,
            "operator_text",
            "platform",
            "order_number",
            "description",
            "demand",
            "amount_claimed",
            "consent_contact",
            "consent_survey",
            "extension_reason",
            "not_accepted_reason",
            "no_case_reason",
            "testing_days",
            "mediation_ended_on",
            "agreement",
            "amount_recovered",
            "close_note",
            "periods_used",
            "next_states",
            "events",
            "follow_ups",
            "evidence",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(ComplainantSerializer)
    def get_complainant(self, complaint: Complaint) -> dict:
        shown = self.context.get("complainant")
        return shown if shown is not None else masked_complainant(complaint)

    @extend_schema_field(serializers.ListField(child=ComplaintStatusField()))
    def get_next_states(self, complaint: Complaint) -> list[str]:
        return sorted(complaint.next_states())


# --- staff: actions --------------------------------------------------------------------------


class RefuseSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(
        choices=reasons.choices(), help_text="The legal ground for not accepting (its code)."
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class TestingSerializer(serializers.Serializer):
    started_on = bounds.DateField()
    ended_on = bounds.DateField()
    note = serializers.CharField(max_length=500, help_text="What was tested or appraised.")


class EndMediationSerializer(serializers.Serializer):
    agreed = DecisionField(help_text="True: agreement reached; false: failed.")
    agreement = serializers.CharField(
        max_length=1000, help_text="The agreement, or why mediation failed."
    )
    amount_recovered = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=Decimal(0),
        required=False,
        # A default skips to_internal_value: it must already be what the service takes.
        default=Decimal(0),
        help_text="Yuan recovered for the consumer; ignored when not agreed.",
    )


class NoticeSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, default="", help_text="How, to whom."
    )


class ExtendSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class DecideSerializer(serializers.Serializer):
    open_case = DecisionField(help_text="True opens (and files) a case.")
    reason = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required when no case is opened.",
    )


class MergeSerializer(serializers.Serializer):
    into = ScopedPrimaryKeyRelatedField(
        Complaint, help_text="The tip-off (visible to the caller) this one repeats."
    )
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class CloseSerializer(serializers.Serializer):
    substantiated = DecisionField(help_text="Whether the complaint was substantiated.")
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class FollowUpCreateSerializer(serializers.Serializer):
    visited_on = bounds.DateField()
    method = FollowUpMethodField()
    satisfaction = FollowUpSatisfactionField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class AssignSerializer(serializers.Serializer):
    station = serializers.PrimaryKeyRelatedField(
        queryset=Station.objects.all(),
        required=False,
        allow_null=True,
        help_text="The station to handle it; defaults to the operator's when one is named.",
    )
    operator = ScopedPrimaryKeyRelatedField(
        Operator,
        required=False,
        allow_null=True,
        help_text="The registered operator complained about, once identified.",
    )
    note = serializers.CharField(
        max_length=1000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Why; required when moving it away from a station.",
    )


# --- the public ------------------------------------------------------------------------------


class PublicComplaintCreateSerializer(serializers.Serializer):
    """Types only; ``services.submit`` decides what is required (a complaint needs a name and a
    phone; a tip-off may be anonymous) and says so field by field."""

    kind = ComplaintKindField()
    name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    phone = serializers.CharField(
        max_length=30,
        required=False,
        allow_blank=True,
        default="",
        help_text="Mobile or landline; required for a complaint. Its last four digits let you "
        "follow the item.",
    )
    consent_contact = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Let the operator have your name and phone, to mediate.",
    )
    consent_survey = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Optional: may be called for a satisfaction survey once the item is closed "
        "(needs a phone). Filing never depends on it.",
    )
    operator = serializers.PrimaryKeyRelatedField(
        queryset=Operator.objects.filter(status__in=PUBLIC_STATUSES),
        required=False,
        allow_null=True,
        help_text="A registered operator's id; otherwise name it in `operator_text`.",
    )
    operator_text = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    platform = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    order_number = serializers.CharField(
        max_length=64, required=False, allow_blank=True, default=""
    )
    category = ComplaintCategoryField()
    description = serializers.CharField(max_length=TEXT_LIMIT, help_text="What happened.")
    demand = serializers.CharField(
        max_length=DEMAND_LIMIT, required=False, allow_blank=True, default=""
    )
    amount_claimed = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    evidence = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        max_length=services.MAX_EVIDENCE_FILES,
        help_text="JPG, PNG or PDF files (multipart only).",
    )


class PublicReceiptSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    lookup_hint = serializers.CharField(
        help_text="What to give with the code to follow the item: the phone's last four "
        "digits, or the PIN."
    )
    pin = serializers.CharField(
        allow_blank=True, help_text="Shown once, for an anonymous tip-off; empty otherwise."
    )
    status = ComplaintStatusField()


class TrackRequestSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32, help_text="The tracking code.")
    secret = serializers.CharField(
        max_length=32, help_text="The phone's last four digits, or the PIN."
    )


class PublicProgressEventSerializer(serializers.Serializer):
    date = serializers.DateField()
    status = ComplaintStatusField()
    label = serializers.CharField()


class PublicProgressSerializer(serializers.Serializer):
    """Progress only: no names, no notes, no personal data of anyone."""

    tracking_code = serializers.CharField()
    kind = ComplaintKindField()
    kind_label = serializers.CharField()
    status = ComplaintStatusField()
    status_label = serializers.CharField()
    received_on = serializers.DateField()
    decided_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)
    agreement = serializers.CharField(
        allow_null=True,
        help_text="The mediation result, for a complaint; always null for a tip-off.",
    )
    events = PublicProgressEventSerializer(many=True)

    @staticmethod
    def progress(complaint: Complaint) -> dict:
        moves = complaint.events.filter(
            kind__in=[ComplaintEvent.Kind.RECEIVED, ComplaintEvent.Kind.STATUS]
        ).only("at", "to_status")
        return {
            "tracking_code": complaint.tracking_code,
            "kind": complaint.kind,
            "kind_label": str(complaint.get_kind_display()),
            "status": complaint.status,
            "status_label": str(complaint.get_status_display()),
            "received_on": complaint.received_on,
            "decided_on": complaint.decided_on,
            "closed_on": complaint.closed_on,
            "agreement": None if complaint.is_tipoff else complaint.agreement,
            "events": [
                {
                    "date": timezone.localdate(event.at),
                    "status": event.to_status,
                    "label": _status_label(event.to_status),
                }
                for event in moves
            ],
        }
