from django.urls import include, path

from fangxin.core.api.routers import AppRouter

router = AppRouter()

urlpatterns = [path("", include(router.urls))]

# The red and black list's open data (lists_api).
from . import lists_api  # noqa: E402

router.register(
    "public/list-publications",
    lists_api.PublicListPublicationViewSet,
    basename="public-list-publication",
)
router.register(
    "public/list-entries", lists_api.PublicListEntryViewSet, basename="public-list-entry"
)
urlpatterns = [path("", include(router.urls))]
