from django.urls import include, path
from rest_framework.routers import DefaultRouter

from fangxin.complaints.api import ComplaintViewSet, PublicComplaintViewSet
from fangxin.monitoring.api import HitViewSet, MaterialViewSet, RuleSetViewSet, ScanView
from fangxin.programme.api import CampaignViewSet, EnrolmentViewSet
from fangxin.registry.api import OperatorViewSet
from fangxin.selfcheck.api import SelfInspectionViewSet
from fangxin.supervision.api import (
    CaseViewSet,
    DrawPlanViewSet,
    FindingViewSet,
    InspectionViewSet,
    PublicDrawViewSet,
    RectificationOrderViewSet,
    VetoEventViewSet,
)

from . import views

router = DefaultRouter(trailing_slash=True)
router.register("stations", views.StationViewSet)
router.register("areas", views.AreaViewSet)
router.register("partner-departments", views.PartnerDepartmentViewSet)
router.register("calendar/days", views.CalendarDayViewSet)
router.register("audit", views.AuditViewSet)
router.register("operators", OperatorViewSet, basename="operator")
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("enrolments", EnrolmentViewSet, basename="enrolment")
router.register("self-inspections", SelfInspectionViewSet, basename="self-inspection")
router.register("draw-plans", DrawPlanViewSet, basename="draw-plan")
# "public-draw…" names belong to the public pages; the API's are prefixed.
router.register("public/draws", PublicDrawViewSet, basename="api-public-draw")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("findings", FindingViewSet, basename="finding")
router.register("rectification-orders", RectificationOrderViewSet, basename="rectification-order")
router.register("cases", CaseViewSet, basename="case")
router.register("veto-events", VetoEventViewSet, basename="veto-event")
router.register("complaints", ComplaintViewSet, basename="complaint")
router.register("public/complaints", PublicComplaintViewSet, basename="api-public-complaint")
router.register("monitoring/materials", MaterialViewSet, basename="monitoring-material")
router.register("monitoring/hits", HitViewSet, basename="monitoring-hit")
router.register("monitoring/rulesets", RuleSetViewSet, basename="monitoring-ruleset")

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("me/", views.MeView.as_view(), name="api-me"),
    path(
        "calendar/add-working-days/",
        views.AddWorkingDaysView.as_view(),
        name="api-add-working-days",
    ),
    path("monitoring/scan/", ScanView.as_view(), name="api-monitoring-scan"),
    path("", include(router.urls)),
]
