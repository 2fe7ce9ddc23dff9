"""The public titles API (no sign-in): ``/api/v1/public/titles/`` and
``/api/v1/public/titles/<certificate_no>/`` (an unknown or malformed number is the same 404),
and the published notices, ``/api/v1/public/notices/``. Open data: rate-limited, cacheable,
CORS open for reading, also as CSV or XLSX (``fangxin.core.api.opendata``).

Signed in: ``/api/v1/titles/replies/`` and ``/api/v1/titles/reevaluations/``: an operator
creates its own and reads them, the office reads all and decides."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from fangxin.core.api.opendata import OpenDataMixin
from fangxin.core.api.permissions import BAD_REQUEST, FORBIDDEN, NOT_FOUND
from fangxin.core.api.schema import responses
from fangxin.core.api.viewsets import ScopedReadViewSet
from fangxin.core.scoping import visible
from fangxin.programme.models import Enrolment, Kind
from fangxin.supervision.models.enforcement import VetoKind

from . import services
from .filters import PublicNoticeFilter, PublicTitleFilter
from .models import Candidate, Notice, Reevaluation, Reply, Title
from .serializers import (
    PublicNoticeSerializer,
    PublicTitleSerializer,
    ReevaluationDecisionSerializer,
    ReevaluationRequestSerializer,
    ReevaluationSerializer,
    ReplyDecisionSerializer,
    ReplyRequestSerializer,
    ReplySerializer,
)

TITLE_EXAMPLE = {
    "certificate_no": "CXFX-2026-0001",
    "holder_name": "长兴示例农产品有限公司",
    "uscc": "91330522MA2D000001",
    "area": "雉城街道",
    "kind": "livestream",
    "kind_label": "直播营销",
    "year": 2026,
    "status": "valid",
    "status_label": "有效",
    "awarded_on": "2026-11-20",
    "valid_until": "2027-11-19",
    "revoked_on": None,
    "revoked_situation": "",
    "verify_url": "https://fangxin.example.gov.cn/public/titles/CXFX-2026-0001/",
}
REVOKED_EXAMPLE = {
    **TITLE_EXAMPLE,
    "certificate_no": "CXFX-2026-0002",
    "status": "revoked",
    "status_label": "已撤销",
    "revoked_on": "2026-12-01",
    "revoked_situation": "发生重大食品安全事故",
    "verify_url": "https://fangxin.example.gov.cn/public/titles/CXFX-2026-0002/",
}


def _page(*rows: dict) -> dict:
    return {"count": len(rows), "next": None, "previous": None, "results": list(rows)}


@extend_schema_view(
    list=extend_schema(
        summary="The titles awarded, valid, revoked or expired (no sign-in)",
        description="Open data: also `?format=csv` / `?format=xlsx` (or `titles.csv`). "
        "Conditional GET with `If-None-Match` answers 304 when nothing changed.",
        examples=[
            OpenApiExample(
                "A valid and a revoked title",
                value=_page(TITLE_EXAMPLE, REVOKED_EXAMPLE),
                response_only=True,
            )
        ],
    ),
    retrieve=extend_schema(
        summary="Verify one certificate by its number (no sign-in)",
        responses={200: PublicTitleSerializer, 404: NOT_FOUND},
        examples=[
            OpenApiExample("A valid title", value=TITLE_EXAMPLE, response_only=True),
            OpenApiExample("A revoked title", value=REVOKED_EXAMPLE, response_only=True),
        ],
    ),
)
class PublicTitleViewSet(OpenDataMixin, ScopedReadViewSet):
    permission_classes = [AllowAny]
    serializer_class = PublicTitleSerializer
    filterset_class = PublicTitleFilter
    lookup_field = "certificate_no"
    lookup_value_regex = "[A-Za-z0-9-]{1,32}"
    modified_fields = ("updated_at",)
    download_name = "titles"
    # No authentication: the caller is anonymous, so visible() gives the public record
    # (every title awarded, scopes.py).
    queryset = Title.objects.select_related("operator", "candidate", "veto_event").order_by(
        "-year", "certificate_no"
    )

    def retrieve(self, request, *args, **kwargs):
        """Verification is the hot path (a storefront or a QR code asks it for every visitor):
        one query of the few columns the answer shows, no model instances, no serializer
        fields built per request. The answer is the serializer's (a test compares them); a
        request with filter parameters takes the general path, which applies them."""
        if set(request.query_params) - {"format"}:
            return super().retrieve(request, *args, **kwargs)
        row = lean_title(self.kwargs[self.lookup_field])
        if row is None:
            raise NotFound()
        version = (row["updated_at"], f"pk={row['pk']}|last={row['updated_at']}|")
        if unchanged := self.conditional(request, version):
            return unchanged
        return Response(lean_answer(row, request))


LEAN_FIELDS = (
    "pk",
    "certificate_no",
    "holder_name",
    "operator__uscc",
    "candidate__area_name",
    "kind",
    "year",
    "status",
    "awarded_on",
    "valid_until",
    "revoked_on",
    "veto_event__kind",
    "updated_at",
)


def lean_title(certificate_no: str) -> dict | None:
    """The columns of one title's public answer, or None (scoping: the public sees every
    title awarded, which is every title row)."""
    # A unique number: no ORDER BY to build (first() would add one).
    rows = Title.objects.filter(certificate_no=certificate_no).order_by().values(*LEAN_FIELDS)
    return next(iter(rows[:1]), None)


def lean_answer(row: dict, request) -> dict:
    """``PublicTitleSerializer``'s answer from a ``lean_title`` row."""
    revoked = row["status"] == Title.Status.REVOKED and row["veto_event__kind"]
    return {
        "certificate_no": row["certificate_no"],
        "holder_name": row["holder_name"],
        "uscc": row["operator__uscc"],
        "area": row["candidate__area_name"],
        "kind": row["kind"],
        "kind_label": _label(Kind, row["kind"]),
        "year": row["year"],
        "status": row["status"],
        "status_label": _label(Title.Status, row["status"]),
        "awarded_on": _iso(row["awarded_on"]),
        "valid_until": _iso(row["valid_until"]),
        "revoked_on": _iso(row["revoked_on"]),
        "revoked_situation": _label(VetoKind, row["veto_event__kind"]) if revoked else "",
        "verify_url": request.build_absolute_uri(f"/public/titles/{row['certificate_no']}/"),
    }


def _label(choices, value: str) -> str:
    """As ``get_FOO_display``: the label, or the stored value when it names no choice."""
    return str(dict(choices.choices).get(value, value))


def _iso(day) -> str | None:
    return day.isoformat() if day is not None else None


NOTICE_EXAMPLE = {
    "id": 12,
    "year": 2026,
    "kind": "livestream",
    "kind_label": "直播营销",
    "starts_on": "2026-11-02",
    "ends_on": "2026-11-06",
    "working_days": 5,
    "corrects": None,
    "correction_note": "",
    "published_at": "2026-11-02T09:00:00+08:00",
    "candidates": [
        {
            "name": "长兴示例农产品有限公司",
            "area": "雉城街道",
            "accounts": ["抖音：长兴好物直播间"],
            "score": "92.5",
        }
    ],
}


# --- the right to reply and re-evaluation: the operator asks, the office decides ----------------


def _own(user, model, pk, field: str, message: str):
    """A row the caller may see by its id, else a 400 naming the field (never whether the row
    exists outside the caller's scope)."""
    row = visible(user, model).filter(pk=pk).first() if pk else None
    if row is None:
        raise DjangoValidationError({field: message})
    return row


@extend_schema_view(
    list=extend_schema(
        summary="List replies: an operator its own, the office all",
        responses={200: ReplySerializer(many=True), 403: FORBIDDEN},
    ),
    retrieve=extend_schema(
        summary="One reply and the office's decision", responses=responses(ReplySerializer, 404)
    ),
)
class ReplyViewSet(ScopedReadViewSet):
    serializer_class = ReplySerializer
    action_permissions = {
        "create": "titles.reply",
        "approve": "titles.decide_reply",
        "refuse": "titles.decide_reply",
    }
    queryset = Reply.objects.select_related("title").order_by("-created_at", "-pk")

    @extend_schema(
        summary="Publish a short reply beside your result or your title (operator)",
        description="Shown on the verification page once the office approves it; one pending "
        "reply at a time per result or title.",
        request=ReplyRequestSerializer,
        responses={201: ReplySerializer, 400: BAD_REQUEST, 403: FORBIDDEN},
    )
    def create(self, request):
        data = self.validated(ReplyRequestSerializer)
        user = request.user
        enrolment = _own(user, Enrolment, data["enrolment"], "enrolment", _("没有该培育对象。"))
        title = None
        if data.get("title"):
            title = _own(user, Title, data["title"], "title", _("没有该称号。"))
        row = services.reply(user, enrolment, data["text"], title=title)
        return self.respond_with(row, ReplySerializer, status.HTTP_201_CREATED)

    def _decide(self, approve: bool):
        row = self.get_object()
        data = self.validated(ReplyDecisionSerializer)
        row = services.decide_reply(self.request.user, row, approve, data["reason"])
        return self.respond_with(row, ReplySerializer)

    @extend_schema(
        summary="Approve a reply for the verification page (office)",
        request=ReplyDecisionSerializer,
        responses=responses(ReplySerializer, 400, 403, 404),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def approve(self, request, pk=None):
        return self._decide(True)

    @extend_schema(
        summary="Refuse a reply (abusive, off topic), with the reason (office)",
        request=ReplyDecisionSerializer,
        responses=responses(ReplySerializer, 400, 403, 404),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def refuse(self, request, pk=None):
        return self._decide(False)


@extend_schema_view(
    list=extend_schema(
        summary="List re-evaluation requests: an operator its own, the office all",
        responses={200: ReevaluationSerializer(many=True), 403: FORBIDDEN},
    ),
    retrieve=extend_schema(
        summary="One re-evaluation request and its decision",
        responses=responses(ReevaluationSerializer, 404),
    ),
)
class ReevaluationViewSet(ScopedReadViewSet):
    serializer_class = ReevaluationSerializer
    action_permissions = {
        "create": "titles.request_reevaluation",
        "decide": "titles.decide_reevaluation",
    }
    queryset = Reevaluation.objects.order_by("-created_at", "-pk")

    @extend_schema(
        summary="Ask once per campaign for one dimension to be evaluated again (operator)",
        description="The office decides within the configured number of working days; the "
        "evidence files are uploaded on the web page.",
        request=ReevaluationRequestSerializer,
        responses={201: ReevaluationSerializer, 400: BAD_REQUEST, 403: FORBIDDEN},
    )
    def create(self, request):
        data = self.validated(ReevaluationRequestSerializer)
        user = request.user
        enrolment = _own(user, Enrolment, data["enrolment"], "enrolment", _("没有该培育对象。"))
        row = services.request_reevaluation(
            user, enrolment, dimension=data["dimension"], text=data["text"]
        )
        return self.respond_with(row, ReevaluationSerializer, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Decide a re-evaluation request (office)",
        description="Granted: `points` on one `criterion` of the dimension, written into the "
        "ledger with the reason; refused: the score stands.",
        request=ReevaluationDecisionSerializer,
        responses=responses(ReevaluationSerializer, 400, 403, 404),
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def decide(self, request, pk=None):
        row = self.get_object()
        data = self.validated(ReevaluationDecisionSerializer)
        row = services.decide_reevaluation(
            request.user,
            row,
            grant=data["grant"],
            reason=data["reason"],
            criterion=data["criterion"],
            points=data["points"],
        )
        return self.respond_with(row, ReevaluationSerializer)


@extend_schema_view(
    list=extend_schema(
        summary="The published notices of candidates, newest first (no sign-in)",
        description="Withdrawn candidates are left out. Also as CSV or XLSX (the candidates "
        "as JSON text in one column).",
        examples=[OpenApiExample("A notice", value=_page(NOTICE_EXAMPLE), response_only=True)],
    ),
    retrieve=extend_schema(
        summary="One published notice with its candidates (no sign-in)",
        responses={200: PublicNoticeSerializer, 404: NOT_FOUND},
        examples=[OpenApiExample("A notice", value=NOTICE_EXAMPLE, response_only=True)],
    ),
)
class PublicNoticeViewSet(OpenDataMixin, ScopedReadViewSet):
    permission_classes = [AllowAny]
    serializer_class = PublicNoticeSerializer
    filterset_class = PublicNoticeFilter
    download_name = "notices"
    # A notice is never edited; a candidate is withdrawn when an objection is upheld.
    modified_fields = ("published_at", "candidates__objections__resolved_at")
    version_counts = {"withdrawn": Count("candidates", filter=Q(candidates__withdrawn=True))}
    queryset = (
        Notice.objects.select_related("campaign")
        .prefetch_related(
            Prefetch(
                "candidates",
                queryset=Candidate.objects.filter(withdrawn=False).order_by("-score", "name", "pk"),
                to_attr="public_candidates",
            )
        )
        .order_by("-published_at", "-pk")
    )

    def object_extra_version(self, notice) -> str:
        withdrawn = notice.candidates.filter(withdrawn=True).count()
        resolved = notice.candidates.aggregate(
            last=Count("objections", filter=Q(objections__resolved_at__isnull=False))
        )["last"]
        return f"withdrawn={withdrawn}|resolved={resolved}"
