from django.urls import include, path

from fangxin.core.api.routers import AppRouter

from . import api

router = AppRouter()
router.register("complaints", api.ComplaintViewSet, basename="complaint")
router.register("public/complaints", api.PublicComplaintViewSet, basename="api-public-complaint")

urlpatterns = [path("", include(router.urls))]
