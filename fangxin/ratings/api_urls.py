from django.urls import include, path

from fangxin.core.api.routers import AppRouter

from . import api

router = AppRouter()
router.register("ratings/ratings", api.RatingViewSet, basename="rating")
router.register("ratings/surveys", api.SurveyResponseViewSet, basename="survey-response")
router.register("ratings/members", api.MemberViewSet, basename="rating-member")
router.register("ratings/member-scores", api.MemberScoreViewSet, basename="member-score")

urlpatterns = [path("", include(router.urls))]
