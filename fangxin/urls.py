from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from fangxin.complaints import api_urls as complaints_api
from fangxin.complaints.urls import public_urlpatterns as public_complaint_urls
from fangxin.core import views as core_views
from fangxin.core.api import urls as core_api
from fangxin.core.api.routers import api_root
from fangxin.core.permissions import public
from fangxin.disclosure import views as disclosure_views
from fangxin.evaluation import api_urls as evaluation_api
from fangxin.monitoring import api_urls as monitoring_api
from fangxin.oversight import api_urls as oversight_api
from fangxin.programme import api_urls as programme_api
from fangxin.ratings import api_urls as ratings_api
from fangxin.ratings.urls import public_urlpatterns as public_rating_urls
from fangxin.registry import api_urls as registry_api
from fangxin.selfcheck import api_urls as selfcheck_api
from fangxin.supervision import api_urls as supervision_api
from fangxin.supervision.urls import public_urlpatterns
from fangxin.titles import api_urls as titles_api

# Each app brings its own API router; the project wires them under /api/v1/ (core knows none).
API_APPS = [
    core_api,
    registry_api,
    programme_api,
    selfcheck_api,
    supervision_api,
    complaints_api,
    monitoring_api,
    ratings_api,
    evaluation_api,
    titles_api,
    oversight_api,
]

urlpatterns = [
    path("", disclosure_views.front, name="front"),
    path("desk/", core_views.home, name="home"),
    path(
        "accounts/login/",
        public("the sign-in form")(auth_views.LoginView.as_view(redirect_authenticated_user=True)),
        name="login",
    ),
    path(
        "accounts/logout/",
        public("signing out (POST); harmless without a session")(auth_views.LogoutView.as_view()),
        name="logout",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("audit/", core_views.audit, name="audit"),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("registry/", include("fangxin.registry.urls")),
    path("programme/", include("fangxin.programme.urls")),
    path("selfcheck/", include("fangxin.selfcheck.urls")),
    path("inbox/", core_views.inbox, name="inbox"),
    path("supervision/", include("fangxin.supervision.urls")),
    path("complaints/", include("fangxin.complaints.urls")),
    path("monitoring/", include("fangxin.monitoring.urls")),
    path("ratings/", include("fangxin.ratings.urls")),
    path("evaluation/", include("fangxin.evaluation.urls")),
    path("titles/", include("fangxin.titles.urls")),
    path("oversight/", include("fangxin.oversight.urls")),
    path("disclosure/", include("fangxin.disclosure.office_urls")),
    path("public/titles/", include("fangxin.titles.public_urls")),
    path("public/complaints/", include(public_complaint_urls)),
    path("public/ratings/", include(public_rating_urls)),
    path("public/oversight/", include("fangxin.oversight.public_urls")),
    path("public/", include("fangxin.disclosure.urls")),
    path("public/", include(public_urlpatterns)),
    path("captcha/", include("captcha.urls")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    *(path("api/v1/", include(app.urlpatterns)) for app in API_APPS),
    path("api/v1/", include(api_root(app.router for app in API_APPS))),
]

handler400 = "fangxin.core.views.bad_request"
handler403 = "fangxin.core.views.permission_denied"
handler404 = "fangxin.core.views.page_not_found"
handler500 = "fangxin.core.views.server_error"
