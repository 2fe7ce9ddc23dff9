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
    path("mine/replies/", views.replies_mine, name="my-replies"),
    path("mine/reevaluation/", views.reevaluation_mine, name="my-reevaluation"),
    path("replies/", views.replies, name="replies"),
    path("replies/<int:pk>/decide/", views.decide_reply, name="decide-reply"),
    path("reevaluations/", views.reevaluations, name="reevaluations"),
    path("reevaluations/<int:pk>/", views.reevaluation, name="reevaluation"),
    path(
        "reevaluations/evidence/<int:pk>/",
        views.reevaluation_evidence,
        name="reevaluation-evidence",
    ),
    path("certificates/<str:no>/", views.certificate, name="certificate"),
    path("certificates/<str:no>/pdf/", views.certificate_pdf, name="certificate-pdf"),
]
