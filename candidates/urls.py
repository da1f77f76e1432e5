from django.urls import path

from . import recognition_views, views

app_name = "candidates"

urlpatterns = [
    path("", views.candidate_list, name="list"),
    path("new/", views.candidate_create, name="create"),
    path("mine/", views.overview, name="overview"),
    path("targets/", views.targets, name="targets"),
    path("classes/", views.class_list, name="classes"),
    path("classes/new/", views.class_create, name="class_create"),
    path("classes/<int:pk>/", views.class_detail, name="class"),
    path("targets/<int:pk>/propose/", views.target_propose, name="target_propose"),
    path("targets/<int:pk>/confirm/", views.target_confirm, name="target_confirm"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("recognition/", recognition_views.recognition_list, name="recognitions"),
    path(
        "recognition/open/<int:member_pk>/",
        recognition_views.recognition_open,
        name="recognition_open",
    ),
    path(
        "recognition/<int:pk>/",
        recognition_views.recognition_detail,
        name="recognition",
    ),
    path(
        "recognition/<int:pk>/upload/",
        recognition_views.recognition_upload,
        name="recognition_upload",
    ),
    path(
        "recognition/<int:pk>/<slug:step>/",
        recognition_views.recognition_step,
        name="recognition_step",
    ),
    path("<int:pk>/", views.candidate_detail, name="detail"),
    path("<int:pk>/upload/", views.document_upload, name="upload"),
    path("<int:pk>/<slug:step>/", views.candidate_step, name="step"),
]
