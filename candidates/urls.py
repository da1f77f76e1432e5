from django.urls import path

from . import golive_views, views
from .probation import views as probation_views
from .review import views as review_views

app_name = "candidates"

urlpatterns = [
    path("", views.candidate_list, name="list"),
    path("new/", views.candidate_create, name="create"),
    path("mine/", views.overview, name="overview"),
    path("targets/", views.targets, name="targets"),
    path("going-live/", golive_views.golive_import, name="golive"),
    path(
        "going-live/<slug:slug>/template.xlsx",
        golive_views.golive_template,
        name="golive_template",
    ),
    path("classes/", views.class_list, name="classes"),
    path("classes/new/", views.class_create, name="class_create"),
    path("classes/<int:pk>/", views.class_detail, name="class"),
    path("targets/<int:pk>/propose/", views.target_propose, name="target_propose"),
    path("targets/<int:pk>/confirm/", views.target_confirm, name="target_confirm"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("recognition/", probation_views.recognition_list, name="recognitions"),
    path(
        "recognition/open/<int:member_pk>/",
        probation_views.recognition_open,
        name="recognition_open",
    ),
    path(
        "recognition/<int:pk>/",
        probation_views.recognition_detail,
        name="recognition",
    ),
    path(
        "recognition/<int:pk>/upload/",
        probation_views.recognition_upload,
        name="recognition_upload",
    ),
    path(
        "recognition/<int:pk>/<slug:step>/",
        probation_views.recognition_step,
        name="recognition_step",
    ),
    path("meetings/", review_views.meeting_list, name="meetings"),
    path("meetings/new/", review_views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", review_views.meeting_detail, name="meeting"),
    path(
        "meetings/<int:pk>/attendance/",
        review_views.meeting_attendance,
        name="meeting_attendance",
    ),
    path(
        "meetings/<int:pk>/do/<slug:action>/",
        review_views.meeting_action,
        name="meeting_action",
    ),
    path("meetings/items/<int:pk>/", review_views.item_outcome, name="item_outcome"),
    path(
        "meetings/items/<int:pk>/correct/",
        review_views.item_correct,
        name="item_correct",
    ),
    path(
        "meetings/items/<int:pk>/do/<slug:action>/",
        review_views.item_action,
        name="item_action",
    ),
    path("registers/", review_views.register_list, name="registers"),
    path("registers/new/", review_views.register_open, name="register_open"),
    path("registers/<int:pk>/", review_views.register_detail, name="register"),
    path(
        "registers/<int:pk>/reserve/",
        review_views.register_reserve,
        name="register_reserve",
    ),
    path("numbers/<int:pk>/void/", review_views.number_void, name="number_void"),
    path("<int:pk>/", views.candidate_detail, name="detail"),
    path("<int:pk>/upload/", views.document_upload, name="upload"),
    path("<int:pk>/<slug:step>/", views.candidate_step, name="step"),
]
