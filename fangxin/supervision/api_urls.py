from django.urls import include, path

from fangxin.core.api.routers import AppRouter

from . import api, credit_api

router = AppRouter()
router.register("draw-plans", api.DrawPlanViewSet, basename="draw-plan")
# "public-draw…" names belong to the public pages; the API's are prefixed.
router.register("public/draws", api.PublicDrawViewSet, basename="api-public-draw")
router.register("public/inspections", api.PublicInspectionViewSet, basename="api-public-inspection")
router.register("inspections", api.InspectionViewSet, basename="inspection")
router.register("findings", api.FindingViewSet, basename="finding")
router.register(
    "rectification-orders", api.RectificationOrderViewSet, basename="rectification-order"
)
router.register("cases", api.CaseViewSet, basename="case")
router.register("veto-events", api.VetoEventViewSet, basename="veto-event")
router.register("credit-listings", credit_api.CreditListingViewSet, basename="credit-listing")

urlpatterns = [path("", include(router.urls))]
