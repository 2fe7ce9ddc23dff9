from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("operators/", views.operator_list, name="operator-list"),
    path("operators/<int:pk>/", views.operator_detail, name="operator-detail"),
]
