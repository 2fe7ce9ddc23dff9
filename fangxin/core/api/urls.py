from django.urls import include, path
from rest_framework.routers import DefaultRouter

from fangxin.programme.api import CampaignViewSet, EnrolmentViewSet
from fangxin.registry.api import OperatorViewSet
from fangxin.selfcheck.api import SelfInspectionViewSet

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

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("me/", views.MeView.as_view(), name="api-me"),
    path(
        "calendar/add-working-days/",
        views.AddWorkingDaysView.as_view(),
        name="api-add-working-days",
    ),
    path("", include(router.urls)),
]
