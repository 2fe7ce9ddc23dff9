from django.urls import include, path

from . import views
from .routers import AppRouter

router = AppRouter()
router.register("stations", views.StationViewSet)
router.register("areas", views.AreaViewSet)
router.register("partner-departments", views.PartnerDepartmentViewSet)
router.register("calendar/days", views.CalendarDayViewSet)
router.register("audit", views.AuditViewSet)

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("me/", views.MeView.as_view(), name="api-me"),
    path(
        "calendar/add-working-days/",
        views.AddWorkingDaysView.as_view(),
        name="api-add-working-days",
    ),
    path("", include(router.urls)),
]
