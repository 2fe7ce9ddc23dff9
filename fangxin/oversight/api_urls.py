from django.urls import include, path

from fangxin.core.api.routers import AppRouter

router = AppRouter()

urlpatterns = [path("", include(router.urls))]
