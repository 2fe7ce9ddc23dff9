"""The red and black list's open data (no sign-in): published publications and their entries,
read-only. There is no write route: a publication is never edited through the API (and the
model refuses it anyway)."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from fangxin.core.api.opendata import OpenDataMixin
from fangxin.core.api.permissions import NOT_FOUND
from fangxin.core.api.viewsets import ScopedReadViewSet
from fangxin.core.filters import FilterSet

from .models.lists import ListEntry, ListKind, ListPublication

ENTRY_FIELDS = [
    "id",
    "list_kind",
    "list_kind_label",
    "operator_name",
    "uscc",
    "address",
    "legal_representative",
    "reason",
    "basis",
    "result",
]


class PublicListEntrySerializer(serializers.ModelSerializer):
    list_kind_label = serializers.CharField(source="get_list_kind_display", read_only=True)
    legal_representative = serializers.CharField(source="public_legal_rep", read_only=True)

    class Meta:
        model = ListEntry
        fields = ENTRY_FIELDS
        read_only_fields = fields


class PublicListEntryRowSerializer(PublicListEntrySerializer):
    """One entry with its period, for the flat list and its CSV/XLSX download."""

    publication = serializers.IntegerField(source="publication_id", read_only=True)
    period = serializers.CharField(source="publication.label", read_only=True)
    period_start = serializers.DateField(source="publication.period_start", read_only=True)
    period_end = serializers.DateField(source="publication.period_end", read_only=True)
    published_on = serializers.DateField(source="publication.published_on", read_only=True)

    class Meta(PublicListEntrySerializer.Meta):
        fields = [
            *ENTRY_FIELDS,
            "publication",
            "period",
            "period_start",
            "period_end",
            "published_on",
        ]
        read_only_fields = fields


class PublicListPublicationSerializer(serializers.ModelSerializer):
    red = serializers.SerializerMethodField()
    black = serializers.SerializerMethodField()

    class Meta:
        model = ListPublication
        fields = ["id", "label", "period_start", "period_end", "published_on", "red", "black"]
        read_only_fields = fields

    def _entries(self, publication, kind: str) -> list:
        rows = [e for e in publication.public_entries if e.list_kind == kind]
        return PublicListEntrySerializer(rows, many=True).data

    def get_red(self, publication) -> list[dict]:
        return self._entries(publication, ListKind.RED)

    def get_black(self, publication) -> list[dict]:
        return self._entries(publication, ListKind.BLACK)


class PublicListEntryFilter(FilterSet):
    publication = django_filters.NumberFilter(field_name="publication_id")
    list_kind = django_filters.ChoiceFilter(choices=ListKind.choices)
    year = django_filters.NumberFilter(
        field_name="publication__period_start__year", min_value=2000, max_value=2100
    )

    class Meta:
        model = ListEntry
        fields = ["publication", "list_kind", "year"]


class PublicListPublicationFilter(FilterSet):
    year = django_filters.NumberFilter(
        field_name="period_start__year", min_value=2000, max_value=2100
    )

    class Meta:
        model = ListPublication
        fields = ["year"]


@extend_schema_view(
    list=extend_schema(summary="Published red and black lists, newest first (no sign-in)"),
    retrieve=extend_schema(
        summary="One published red and black list (no sign-in)",
        responses={200: PublicListPublicationSerializer, 404: NOT_FOUND},
    ),
)
class PublicListPublicationViewSet(OpenDataMixin, ScopedReadViewSet):
    permission_classes = [AllowAny]
    serializer_class = PublicListPublicationSerializer
    filterset_class = PublicListPublicationFilter
    download_name = "red-black-lists"
    # A published publication never changes (the model refuses it).
    modified_fields = ("published_at",)
    queryset = ListPublication.objects.prefetch_related(
        Prefetch(
            "entries",
            queryset=ListEntry.objects.filter(removed=False).order_by("operator_name", "pk"),
            to_attr="public_entries",
        )
    ).order_by("-period_end", "-pk")


@extend_schema_view(
    list=extend_schema(
        summary="Entries of the published red and black lists (no sign-in); also CSV or XLSX"
    ),
    retrieve=extend_schema(
        summary="One entry of a published red and black list (no sign-in)",
        responses={200: PublicListEntryRowSerializer, 404: NOT_FOUND},
    ),
)
class PublicListEntryViewSet(OpenDataMixin, ScopedReadViewSet):
    permission_classes = [AllowAny]
    serializer_class = PublicListEntryRowSerializer
    filterset_class = PublicListEntryFilter
    download_name = "red-black-list-entries"
    modified_fields = ("publication__published_at",)
    queryset = ListEntry.objects.select_related("publication").order_by(
        "-publication__period_end", "list_kind", "operator_name", "pk"
    )
