from django.urls import include, path

from fangxin.core.api.routers import AppRouter

from . import api

router = AppRouter()
router.register("public/titles", api.PublicTitleViewSet, basename="public-title")
router.register("public/notices", api.PublicNoticeViewSet, basename="public-notice")

urlpatterns = [path("", include(router.urls))]
