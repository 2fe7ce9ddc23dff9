from django.urls import path

from . import public_views, views

app_name = "ratings"

urlpatterns = [
    path("", views.review_list, {"what": "ratings"}, name="review"),
    path("surveys/", views.review_list, {"what": "surveys"}, name="surveys"),
    path("<int:pk>/exclude/", views.exclude, {"what": "ratings"}, name="exclude-rating"),
    path("surveys/<int:pk>/exclude/", views.exclude, {"what": "surveys"}, name="exclude-survey"),
    path("members/", views.member_list, name="members"),
    path("members/<int:pk>/", views.member_detail, name="member"),
    path("members/<int:pk>/link/", views.member_link, name="member-link"),
]

public_urlpatterns = [
    path("", public_views.operator_list, name="public-ratings"),
    path("<int:operator_id>/", public_views.rate, name="public-rate"),
    path("<int:operator_id>/survey/", public_views.survey, name="public-survey"),
    path("member/<str:token>/", public_views.member_scoring, name="public-member-scoring"),
]
