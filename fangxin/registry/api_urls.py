from django.urls import include, path

from fangxin.core.api.routers import AppRouter

from . import api

router = AppRouter()
router.register("operators", api.OperatorViewSet, basename="operator")

urlpatterns = [path("", include(router.urls))]
