from django.urls import include, path

from fangxin.core.api.routers import AppRouter

from . import api

router = AppRouter()
router.register("monitoring/materials", api.MaterialViewSet, basename="monitoring-material")
router.register("monitoring/hits", api.HitViewSet, basename="monitoring-hit")
router.register(
    "monitoring/licence-checks", api.LicenceCheckViewSet, basename="monitoring-licence-check"
)
router.register("monitoring/rulesets", api.RuleSetViewSet, basename="monitoring-ruleset")

urlpatterns = [
    path("monitoring/scan/", api.ScanView.as_view(), name="api-monitoring-scan"),
    path("", include(router.urls)),
]
