"""The complaints REST API: the regulator's list, detail and moves, and the public intake and
status lookup.

``/api/v1/complaints/`` is for the regulator. Every row comes from
``visible(request.user, Complaint)``, so an item outside the caller's scope is a 404, never a
403. The operator role is refused the whole endpoint (403): it follows the complaints against
it, once accepted, in the web app, where what it sees of the complainant depends on consent.
Moves go through ``fangxin.complaints.services``, one service per action, which check who may
do what and whether the state table allows it; their ``ValidationError`` / ``PermissionDenied``
become 400 / 403 in the project's error body. The permission class (``ActionPermission`` with
the named permissions of ``permissions.py``) refuses a role that may never act (anyone but the
office and the stations) up front, before the body is validated, and the item itself when it
is not the caller's to handle.

Personal data: the list shows the complainant masked; the detail asks
``services.complainant(user, item, via="api")``, which unmasks it only for the handling station
or the office and logs each such view. An action's answer shows the item masked (it does not
count as a view of the complainant); read the detail to see them.

``/api/v1/public/complaints/`` needs no sign-in: file a complaint or tip-off (rate-limited per
IP and per phone) and follow its progress with the tracking code and the phone's last four
digits or the PIN. A wrong code and a wrong secret get the same 404.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from fangxin.core.api.errors import error_body
from fangxin.core.api.parsers import ObjectJSONParser
from fangxin.core.api.permissions import (
    BAD_REQUEST,
    FORBIDDEN,
    ActionPermission,
)
from fangxin.core.api.schema import responses
from fangxin.core.api.viewsets import ScopedReadViewSet

from . import limits, services
from .filters import ComplaintFilter
from .models import Complaint, ComplaintEvent
from .serializers import (
    AssignSerializer,
    CloseSerializer,
    ComplaintDetailSerializer,
    ComplaintSerializer,
    DecideSerializer,
    EndMediationSerializer,
    ExtendSerializer,
    FollowUpCreateSerializer,
    MergeSerializer,
    NoticeSerializer,
    PublicComplaintCreateSerializer,
    PublicProgressSerializer,
    PublicReceiptSerializer,
    RefuseSerializer,
    TestingSerializer,
    TrackRequestSerializer,
)

TOO_MANY = OpenApiResponse(description="Rate limit reached; `detail` says when to retry.")
# One answer whether the code exists or not: the status page must not confirm codes.
NO_MATCH = "No item matches this tracking code and secret."


def _responses(*codes) -> dict:
    return responses(ComplaintDetailSerializer, *codes)


def _action(summary: str, request=None, description: str = ""):
    return extend_schema(
        summary=summary,
        description=description,
        request=request,
        responses=_responses(400, 403, 404),
    )


@extend_schema_view(
    list=extend_schema(
        summary="List the complaints and tip-offs the caller may see (regulator only)",
        description="The complainant is always masked here.",
        responses={200: ComplaintSerializer(many=True), 403: FORBIDDEN},
    ),
    retrieve=extend_schema(
        summary="One complaint or tip-off with its history, follow-ups and evidence",
        description="The handling station and the office see the complainant unmasked; each "
        "such view is logged. Everyone else sees them masked.",
        responses=_responses(403, 404),
    ),
)
class ComplaintViewSet(ScopedReadViewSet):
    # The complaints API is the regulator's: an operator reads nothing, not even about itself.
    permission_classes = [ActionPermission]
    read_permission = "complaints.use_api"
    refused_message = "The complaints API is for the regulator."
    # Each move is the office's or the handling station's (permissions.py); the row is
    # checked again on the item itself.
    action_permissions = {
        "assign": "complaints.assign",
        "accept": "complaints.accept",
        "refuse": "complaints.refuse",
        "start_mediation": "complaints.mediate",
        "testing": "complaints.record_testing",
        "end_mediation": "complaints.mediate",
        "notice": "complaints.record_notice",
        "start_verification": "complaints.verify",
        "extend": "complaints.extend_verification",
        "decide": "complaints.decide",
        "merge": "complaints.merge",
        "close": "complaints.close",
        "follow_up": "complaints.follow_up",
    }
    filterset_class = ComplaintFilter
    queryset = Complaint.objects.select_related("operator", "station")

    def get_serializer_class(self):
        return ComplaintSerializer if self.action == "list" else ComplaintDetailSerializer

    def get_queryset(self):
        qs = super().get_queryset()
        return self._with_history(qs) if self.action == "retrieve" else qs

    @staticmethod
    def _with_history(qs):
        return qs.prefetch_related(
            "follow_ups",
            "evidence",
            Prefetch(
                "events",
                queryset=ComplaintEvent.objects.select_related(
                    "actor", "from_station", "to_station"
                ),
            ),
        )

    def retrieve(self, request, pk=None):
        complaint = self.get_object()
        context = self.get_serializer_context()
        context["complainant"] = services.complainant(request.user, complaint, via="api")
        return Response(ComplaintDetailSerializer(complaint, context=context).data)

    def _item_response(self, complaint: Complaint) -> Response:
        # Read back through the gate: a station that routed the item away answers with what
        # it just did, from the object it acted on.
        fresh = self._with_history(self.get_queryset().filter(pk=complaint.pk)).first()
        fresh = fresh or complaint
        return Response(
            ComplaintDetailSerializer(fresh, context=self.get_serializer_context()).data
        )

    # --- routing -----------------------------------------------------------------------------

    @_action(
        "Route to a station, or identify the operator (office; the handling station)",
        AssignSerializer,
        "Moving an item away from a station needs a note; the history keeps every move.",
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def assign(self, request, pk=None):
        complaint = self.get_object()
        data = self.validated(AssignSerializer)
        services.assign(
            request.user,
            complaint,
            station=data.get("station"),
            operator=data.get("operator"),
            note=data["note"],
        )
        return self._item_response(complaint)

    # --- complaints --------------------------------------------------------------------------

    @_action("Accept a complaint (the handling station or the office)")
    @action(detail=True, methods=["post"], filter_backends=[])
    def accept(self, request, pk=None):
        complaint = self.get_object()
        services.accept(request.user, complaint)
        return self._item_response(complaint)

    @_action("Do not accept a complaint, on a legal ground", RefuseSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def refuse(self, request, pk=None):
        complaint = self.get_object()
        data = self.validated(RefuseSerializer)
        services.refuse(request.user, complaint, data["reason"], data["note"])
        return self._item_response(complaint)

    @_action("Start mediating an accepted complaint")
    @action(detail=True, methods=["post"], filter_backends=[], url_path="start-mediation")
    def start_mediation(self, request, pk=None):
        complaint = self.get_object()
        services.start_mediation(request.user, complaint)
        return self._item_response(complaint)

    @_action(
        "Record testing or appraisal time during mediation",
        TestingSerializer,
        "Its working days do not count: the mediation deadline moves back by as many.",
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def testing(self, request, pk=None):
        complaint = self.get_object()
        data = self.validated(TestingSerializer)
        services.record_testing(
            request.user, complaint, data["started_on"], data["ended_on"], data["note"]
        )
        return self._item_response(complaint)

    @_action(
        "End mediation: agreed, or failed",
        EndMediationSerializer,
        "A failed mediation must be notified to the parties within the notice period.",
    )
    @action(detail=True, methods=["post"], filter_backends=[], url_path="end-mediation")
    def end_mediation(self, request, pk=None):
        complaint = self.get_object()
        data = self.validated(EndMediationSerializer)
        services.end_mediation(
            request.user,
            complaint,
            agreed=data["agreed"],
            agreement=data["agreement"],
            amount_recovered=data["amount_recovered"],
        )
        return self._item_response(complaint)

    @_action("Record that the parties (or the named informant) were told", NoticeSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def notice(self, request, pk=None):
        complaint = self.get_object()
        data = self.validated(NoticeSerializer)
        services.record_notice(request.user, complaint, note=data["note"])
        return self._item_response(complaint)

    # --- tip-offs ----------------------------------------------------------------------------

    @_action("Start verifying a tip-off")
    @action(detail=True, methods=["post"], filter_backends=[], url_path="start-verification")
    def start_verification(self, request, pk=None):
        complaint = self.get_object()
        services.start_verification(request.user, complaint)
        return self._item_response(complaint)

    @_action("Extend a tip-off's verification period, once, with the reason", ExtendSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def extend(self, request, pk=None):
        complaint = self.get_object()
        data = self.validated(ExtendSerializer)
        services.extend_verification(request.user, complaint, data["reason"])
        return self._item_response(complaint)

    @_action(
        "Decide whether to open a case on a tip-off",
        DecideSerializer,
        "Opening a case creates and files it in supervision and links it here.",
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def decide(self, request, pk=None):
        complaint = self.get_object()
        data = self.validated(DecideSerializer)
        services.decide_tipoff(
            request.user, complaint, open_case=data["open_case"], reason=data["reason"]
        )
        return self._item_response(complaint)

    @_action("Merge a repeated tip-off into an earlier one on the same operator", MergeSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def merge(self, request, pk=None):
        complaint = self.get_object()
        data = self.validated(MergeSerializer)
        services.merge(request.user, complaint, data["into"], data["note"])
        return self._item_response(complaint)

    # --- closing -----------------------------------------------------------------------------

    @_action(
        "Close, saying whether it was substantiated",
        CloseSerializer,
        "A pending notice must be recorded first. Substantiated complaints count against the "
        "operator's evaluation.",
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def close(self, request, pk=None):
        complaint = self.get_object()
        data = self.validated(CloseSerializer)
        services.close(
            request.user, complaint, substantiated=data["substantiated"], note=data["note"]
        )
        return self._item_response(complaint)

    @_action("Record a follow-up with the complainant, once handled", FollowUpCreateSerializer)
    @action(detail=True, methods=["post"], filter_backends=[], url_path="follow-up")
    def follow_up(self, request, pk=None):
        complaint = self.get_object()
        data = self.validated(FollowUpCreateSerializer)
        services.add_follow_up(
            request.user,
            complaint,
            visited_on=data["visited_on"],
            method=data["method"],
            satisfaction=data["satisfaction"],
            note=data["note"],
        )
        return self._item_response(complaint)


# --- the public ------------------------------------------------------------------------------


def _rate_limited(exc: limits.RateLimited) -> Response:
    return Response(error_body(str(exc.message)), status=status.HTTP_429_TOO_MANY_REQUESTS)


def _phone_key(raw) -> str:
    """The phone as the per-phone limit counts it: ``+86 138…`` and ``138…`` are one phone."""
    raw = str(raw or "")
    try:
        return services.clean_phone(raw)
    except DjangoValidationError:
        return raw.strip()


class PublicComplaintViewSet(viewsets.GenericViewSet):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    parser_classes = [ObjectJSONParser, MultiPartParser, FormParser]
    filter_backends: list = []
    pagination_class = None
    serializer_class = PublicComplaintCreateSerializer
    queryset = Complaint.objects.none()  # for the schema; nothing is listed here

    @extend_schema(
        summary="File a complaint or a tip-off (no sign-in)",
        description="JSON, or multipart with up to five `evidence` files. A complaint needs "
        "the complainant's name and phone (it is mediated); a tip-off may be anonymous and then "
        "gets a PIN, shown only in this answer. Keep the tracking code to follow the item.",
        request={
            "application/json": PublicComplaintCreateSerializer,
            "multipart/form-data": PublicComplaintCreateSerializer,
        },
        responses={201: PublicReceiptSerializer, 400: BAD_REQUEST, 429: TOO_MANY},
    )
    def create(self, request):
        # Counted before anything else, so that invalid submissions use the quota too.
        try:
            limits.check_intake(request._request, _phone_key(request.data.get("phone")))
        except limits.RateLimited as exc:
            return _rate_limited(exc)
        form = PublicComplaintCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        receipt = services.submit(
            kind=data["kind"],
            channel=Complaint.Channel.API,
            name=data["name"],
            phone=data["phone"],
            consent_contact=data["consent_contact"],
            consent_survey=data["consent_survey"],
            operator=data.get("operator"),
            operator_text=data["operator_text"],
            platform=data["platform"],
            order_number=data["order_number"],
            category=data["category"],
            description=data["description"],
            demand=data["demand"],
            amount_claimed=data.get("amount_claimed"),
            evidence=data["evidence"],
        )
        body = {
            "tracking_code": receipt.complaint.tracking_code,
            "lookup_hint": str(receipt.lookup_hint),
            "pin": receipt.pin,
            "status": receipt.complaint.status,
        }
        return Response(PublicReceiptSerializer(body).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Follow a complaint or tip-off's progress (no sign-in)",
        description="Give the tracking code and the phone's last four digits (or the PIN). "
        "A wrong code and a wrong secret get the same 404.",
        request=TrackRequestSerializer,
        responses={
            200: PublicProgressSerializer,
            400: BAD_REQUEST,
            404: OpenApiResponse(description=NO_MATCH),
            429: TOO_MANY,
        },
    )
    @action(detail=False, methods=["post"], serializer_class=TrackRequestSerializer)
    def track(self, request):
        try:
            limits.check_tracking(request._request)
        except limits.RateLimited as exc:
            return _rate_limited(exc)
        form = TrackRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        secret = form.validated_data["secret"].strip()
        # The tail is always ASCII digits; anything else cannot match (and must not reach
        # secrets.compare_digest, which refuses non-ASCII strings).
        complaint = (
            services.track(form.validated_data["code"], secret) if secret.isascii() else None
        )
        if complaint is None:
            return Response(error_body(NO_MATCH), status=status.HTTP_404_NOT_FOUND)
        return Response(PublicProgressSerializer(PublicProgressSerializer.progress(complaint)).data)
