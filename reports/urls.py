from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("organizations/", views.organization_tree, name="organization_tree"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization"),
]
