from django.urls import include, path

from fangxin.core.api.routers import AppRouter

from . import api

router = AppRouter()
router.register("public/titles", api.PublicTitleViewSet, basename="public-title")
router.register("titles/replies", api.ReplyViewSet, basename="title-reply")
router.register("titles/reevaluations", api.ReevaluationViewSet, basename="title-reevaluation")
router.register("public/notices", api.PublicNoticeViewSet, basename="public-notice")

urlpatterns = [path("", include(router.urls))]
