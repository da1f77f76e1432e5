from django.urls import path

from . import document_views, ranking_views, statistics_views, views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("statistics/", statistics_views.statistics, name="statistics"),
    path("ranking/", ranking_views.ranking, name="ranking"),
    path("ranking/<int:pk>/", ranking_views.rank, name="rank"),
    path(
        "statistics/freeze/",
        statistics_views.statistics_freeze,
        name="statistics_freeze",
    ),
    path(
        "statistics/file/<slug:file_format>/",
        statistics_views.statistics_file,
        name="statistics_file",
    ),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path(
        "documents/meetings/<int:pk>/<slug:kind>/",
        document_views.meeting_document,
        name="meeting_document",
    ),
    path(
        "documents/decisions/<int:pk>/",
        document_views.decision_document,
        name="decision_document",
    ),
    path(
        "documents/members/<int:pk>/",
        document_views.member_sheet,
        name="member_sheet",
    ),
    path(
        "documents/forms/<str:code>/<int:pk>/",
        document_views.cell_form,
        name="cell_form",
    ),
    path(
        "documents/organizations/<int:pk>/members/",
        document_views.member_list,
        name="member_list",
    ),
]
