from django.urls import include, path

from fangxin.core.api.routers import AppRouter

from . import api

router = AppRouter()
router.register("self-inspections", api.SelfInspectionViewSet, basename="self-inspection")

urlpatterns = [path("", include(router.urls))]
