from auditlog.models import LogEntry
from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from fangxin.core import calendar
from fangxin.core.filters import AreaFilter, AuditFilter
from fangxin.core.models import Area, CalendarDay, PartnerDepartment, Station

from . import serializers
from .errors import error_body
from .permissions import ActionPermission


class TokenView(APIView):
    """Exchange a username and password for the API token (one per user)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=serializers.TokenRequestSerializer,
        responses={200: serializers.TokenResponseSerializer},
    )
    def post(self, request):
        form = serializers.TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        django_request = request._request
        user = authenticate(
            request=django_request,
            username=form.validated_data["username"],
            password=form.validated_data["password"],
        )
        if getattr(django_request, "axes_locked_out", False):
            return Response(
                error_body("Too many failed attempts; the account is locked for a while."),
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        if user is None:
            # One message whether the user exists or not: no account enumeration.
            return Response(
                error_body("Wrong username or password."), status=status.HTTP_400_BAD_REQUEST
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MeView(generics.RetrieveAPIView):
    serializer_class = serializers.MeSerializer
    permission_classes = [IsAuthenticated]

    def get_object(self):
        return self.request.user


# The writes of the reference data's viewsets (each names the permission they need).
WRITE_ACTIONS = ("create", "update", "partial_update", "destroy")


class StationViewSet(viewsets.ModelViewSet):
    queryset = Station.objects.all()
    serializer_class = serializers.StationSerializer
    permission_classes = [ActionPermission]
    read_permission = "core.view_reference_data"
    action_permissions = dict.fromkeys(WRITE_ACTIONS, "core.manage_areas")
    refused_message = "Only the programme office may change this."
    http_method_names = ["get", "post", "patch", "head", "options"]


class AreaViewSet(viewsets.ModelViewSet):
    queryset = Area.objects.select_related("station")
    serializer_class = serializers.AreaSerializer
    permission_classes = [ActionPermission]
    read_permission = "core.view_reference_data"
    action_permissions = dict.fromkeys(WRITE_ACTIONS, "core.manage_areas")
    refused_message = "Only the programme office may change this."
    filterset_class = AreaFilter
    http_method_names = ["get", "post", "patch", "head", "options"]


class PartnerDepartmentViewSet(viewsets.ModelViewSet):
    queryset = PartnerDepartment.objects.all()
    serializer_class = serializers.PartnerDepartmentSerializer
    permission_classes = [ActionPermission]
    read_permission = "core.view_reference_data"
    action_permissions = dict.fromkeys(WRITE_ACTIONS, "core.manage_areas")
    refused_message = "Only the programme office may change this."
    http_method_names = ["get", "post", "patch", "head", "options"]


class CalendarDayViewSet(viewsets.ModelViewSet):
    """Holidays and make-up workdays the office enters beyond (or against) the library."""

    queryset = CalendarDay.objects.all()
    serializer_class = serializers.CalendarDaySerializer
    permission_classes = [ActionPermission]
    read_permission = "core.view_reference_data"
    action_permissions = dict.fromkeys(WRITE_ACTIONS, "core.manage_calendar")
    refused_message = "Only the programme office may change this."


class AddWorkingDaysView(APIView):
    @extend_schema(
        parameters=[serializers.WorkingDaysQuerySerializer],
        responses={200: serializers.WorkingDaysResultSerializer},
    )
    def get(self, request):
        query = serializers.WorkingDaysQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        result = calendar.add_working_days(query.validated_data["date"], query.validated_data["n"])
        return Response({"date": result.value, "provisional": result.provisional})


class AuditViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp")
    serializer_class = serializers.AuditEntrySerializer
    permission_classes = [ActionPermission]
    read_permission = "core.view_audit_log"
    refused_message = "Only the programme office may do this."
    filterset_class = AuditFilter
