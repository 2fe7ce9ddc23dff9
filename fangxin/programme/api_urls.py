from django.urls import include, path

from fangxin.core.api.routers import AppRouter

from . import api

router = AppRouter()
router.register("campaigns", api.CampaignViewSet, basename="campaign")
router.register("enrolments", api.EnrolmentViewSet, basename="enrolment")

urlpatterns = [path("", include(router.urls))]
