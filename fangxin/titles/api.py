"""The public titles API (no sign-in): ``/api/v1/public/titles/`` and
``/api/v1/public/titles/<certificate_no>/``. An unknown or malformed number is the same 404.

Signed in: ``/api/v1/titles/replies/`` and ``/api/v1/titles/reevaluations/``: an operator
creates its own and reads them, the office reads all and decides."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny

from fangxin.core.api.permissions import BAD_REQUEST, FORBIDDEN, NOT_FOUND
from fangxin.core.api.schema import responses
from fangxin.core.api.viewsets import ScopedReadViewSet
from fangxin.core.scoping import visible
from fangxin.programme.models import Enrolment

from . import services
from .filters import PublicTitleFilter
from .models import Reevaluation, Reply, Title
from .serializers import (
    PublicTitleSerializer,
    ReevaluationDecisionSerializer,
    ReevaluationRequestSerializer,
    ReevaluationSerializer,
    ReplyDecisionSerializer,
    ReplyRequestSerializer,
    ReplySerializer,
)


@extend_schema_view(
    list=extend_schema(
        summary="The titles awarded, valid, revoked or expired (no sign-in)",
    ),
    retrieve=extend_schema(
        summary="Verify one certificate by its number (no sign-in)",
        responses={200: PublicTitleSerializer, 404: NOT_FOUND},
    ),
)
class PublicTitleViewSet(ScopedReadViewSet):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    serializer_class = PublicTitleSerializer
    filterset_class = PublicTitleFilter
    lookup_field = "certificate_no"
    lookup_value_regex = "[A-Za-z0-9-]{1,32}"
    # No authentication: the caller is anonymous, so visible() gives the public record
    # (every title awarded, scopes.py).
    queryset = Title.objects.select_related("operator", "candidate", "veto_event").order_by(
        "-year", "certificate_no"
    )


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
