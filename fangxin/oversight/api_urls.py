from django.urls import include, path

from fangxin.core.api.routers import AppRouter

router = AppRouter()

urlpatterns = [path("", include(router.urls))]

from . import incident_api  # noqa: E402

router.register("oversight/incidents", incident_api.IncidentViewSet, basename="incident")
router.register(
    "oversight/publicity-activities",
    incident_api.PublicityActivityViewSet,
    basename="publicity-activity",
)
router.register("oversight/meetings", incident_api.MeetingViewSet, basename="meeting")
router.register("oversight/field-visits", incident_api.FieldVisitViewSet, basename="field-visit")
urlpatterns = [path("", include(router.urls))]
