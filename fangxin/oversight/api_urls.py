from django.urls import include, path

from fangxin.core.api.routers import AppRouter

router = AppRouter()

urlpatterns = [path("", include(router.urls))]

# Key supervision targets from results, risk classes, credit punishment (issue 16 2-4).
from . import targets_api  # noqa: E402

router.register("oversight/result-watches", targets_api.ResultWatchViewSet, basename="result-watch")
router.register("oversight/risk-classes", targets_api.RiskClassRecordViewSet, basename="risk-class")
router.register("oversight/punishments", targets_api.PunishmentViewSet, basename="punishment")
urlpatterns = [path("", include(router.urls))]
