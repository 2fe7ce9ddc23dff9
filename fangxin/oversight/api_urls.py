from django.urls import include, path

from fangxin.core.api.routers import AppRouter

from . import incident_api, lists_api, targets_api

router = AppRouter()
# Public-opinion incidents and publicity records (read; writes go through the pages).
router.register("oversight/incidents", incident_api.IncidentViewSet, basename="incident")
router.register(
    "oversight/publicity-activities",
    incident_api.PublicityActivityViewSet,
    basename="publicity-activity",
)
router.register("oversight/meetings", incident_api.MeetingViewSet, basename="meeting")
router.register("oversight/field-visits", incident_api.FieldVisitViewSet, basename="field-visit")
# The red and black list's open data.
router.register(
    "public/list-publications",
    lists_api.PublicListPublicationViewSet,
    basename="public-list-publication",
)
router.register(
    "public/list-entries", lists_api.PublicListEntryViewSet, basename="public-list-entry"
)
# Key supervision targets from results, risk classes, credit punishment (read; scoped).
router.register("oversight/result-watches", targets_api.ResultWatchViewSet, basename="result-watch")
router.register("oversight/risk-classes", targets_api.RiskClassRecordViewSet, basename="risk-class")
router.register("oversight/punishments", targets_api.PunishmentViewSet, basename="punishment")

urlpatterns = [path("", include(router.urls))]
