from django.urls import path

from . import io_views, monthly_views, transfer_views, views
from .structure import views as structure_views
from .structure import villages

app_name = "members"

urlpatterns = [
    path("", views.member_list, name="list"),
    path("count/", views.member_count, name="list_count"),
    path("import/", io_views.import_page, name="import"),
    path("import/template.xlsx", io_views.import_template, name="import_template"),
    path("export/", io_views.export, name="export"),
    path(
        "organizations/",
        structure_views.organization_tree,
        name="organization_tree",
    ),
    path(
        "organizations/<int:pk>/",
        structure_views.organization_detail,
        name="organization",
    ),
    path(
        "organizations/<int:pk>/ratings/",
        views.organization_ratings,
        name="ratings",
    ),
    path(
        "organizations/<int:pk>/months/",
        monthly_views.organization_months,
        name="months",
    ),
    path(
        "organizations/<int:pk>/villages/",
        villages.villages,
        name="villages",
    ),
    path("villages/<int:pk>/rename/", villages.village_rename, name="village_rename"),
    path("villages/<int:pk>/close/", villages.village_close, name="village_close"),
    path(
        "organizations/<int:pk>/<slug:action>/",
        structure_views.reorganize,
        name="reorganize",
    ),
    path("probation/", views.probation, name="probation"),
    path("badges/", views.badges, name="badges"),
    path("transfers/", transfer_views.transfer_list, name="transfers"),
    path("transfers/in/", transfer_views.transfer_in, name="transfer_in"),
    path("transfers/<int:pk>/", transfer_views.transfer_detail, name="transfer"),
    path(
        "transfers/<int:pk>/receive/",
        transfer_views.transfer_receive,
        name="transfer_receive",
    ),
    path(
        "transfers/<int:pk>/cancel/",
        transfer_views.transfer_cancel,
        name="transfer_cancel",
    ),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("<int:pk>/photo.jpg", views.member_photo, name="photo"),
    path("<int:pk>/photo/", views.member_photo_upload, name="photo_upload"),
    path("<int:pk>/<slug:action>/", views.member_action, name="action"),
]
