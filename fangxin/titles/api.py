"""The public titles API (no sign-in): ``/api/v1/public/titles/`` and
``/api/v1/public/titles/<certificate_no>/`` (an unknown or malformed number is the same 404),
and the published notices, ``/api/v1/public/notices/``. Open data: rate-limited, cacheable,
CORS open for reading, also as CSV or XLSX (``fangxin.core.api.opendata``)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework.permissions import AllowAny

from fangxin.core.api.opendata import OpenDataMixin
from fangxin.core.api.permissions import NOT_FOUND
from fangxin.core.api.viewsets import ScopedReadViewSet

from .filters import PublicNoticeFilter, PublicTitleFilter
from .models import Candidate, Notice, Title
from .serializers import PublicNoticeSerializer, PublicTitleSerializer

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
