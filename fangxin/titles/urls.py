from django.urls import path

from . import views

app_name = "titles"

urlpatterns = [
    path("", views.notices, name="notices"),
    path("notices/<int:pk>/", views.notice, name="notice"),
    path("notices/<int:pk>/award/", views.award, name="award"),
    path("objections/<int:pk>/resolve/", views.resolve_objection, name="resolve-objection"),
    path("evidence/<int:pk>/", views.objection_evidence, name="objection-evidence"),
    path("register/", views.register, name="register"),
    path("register/<int:pk>/reinstate/", views.reinstate, name="reinstate"),
    path("mine/", views.mine, name="mine"),
    path("certificates/<str:no>/", views.certificate, name="certificate"),
    path("certificates/<str:no>/pdf/", views.certificate_pdf, name="certificate-pdf"),
]
