from django.urls import include, path

from fangxin.core.api.routers import AppRouter

from . import api

router = AppRouter()
router.register("evaluation/rubrics", api.RubricViewSet, basename="evaluation-rubric")
router.register("evaluation/ledger-entries", api.LedgerEntryViewSet, basename="ledger-entry")
router.register("evaluation/results", api.ResultViewSet, basename="evaluation-result")
router.register("evaluation/panels", api.PanelViewSet, basename="evaluation-panel")
router.register("evaluation/panel-scores", api.PanelScoreViewSet, basename="panel-score")

urlpatterns = [path("", include(router.urls))]
