from django.urls import path

from . import audit_views
from .views import accounts, jobs

app_name = "organizations"

urlpatterns = [
    path("accounts/", accounts.account_list, name="accounts"),
    path("accounts/new/", accounts.account_create, name="account_create"),
    path("accounts/<int:pk>/", accounts.account_detail, name="account"),
    path(
        "accounts/<int:pk>/disable/",
        accounts.account_set_active,
        {"active": False},
        name="account_disable",
    ),
    path(
        "accounts/<int:pk>/enable/",
        accounts.account_set_active,
        {"active": True},
        name="account_enable",
    ),
    path(
        "accounts/<int:pk>/reset-password/",
        accounts.account_reset_password,
        name="account_reset_password",
    ),
    path(
        "accounts/<int:pk>/roles/<int:role_pk>/hand-over/",
        accounts.role_hand_over,
        name="role_hand_over",
    ),
    path(
        "accounts/<int:pk>/roles/<int:role_pk>/end/", accounts.role_end, name="role_end"
    ),
    path("audit/", audit_views.audit_log, name="audit"),
    path("jobs/", jobs.job_list, name="jobs"),
    path("jobs/selftest/", jobs.job_selftest, name="job_selftest"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job"),
    path("jobs/<int:pk>/download/", jobs.job_download, name="job_download"),
    path("jobs/<int:pk>/retry/", jobs.job_retry, name="job_retry"),
]
