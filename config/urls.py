from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from organizations.views.auth import password_change
from organizations.views.health import healthz
from organizations.views.two_factor import two_factor_setup, two_factor_verify

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", password_change, name="password_change"),
    path("login/verify/", two_factor_verify, name="two_factor_verify"),
    path("account/two-factor/", two_factor_setup, name="two_factor_setup"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("members/", include("members.urls")),
    path("candidates/", include("candidates.urls")),
    path("", include("organizations.urls")),
    path("", include("reports.urls")),
    # The organization pages lived here until December 2026: old links and
    # bookmarks still arrive.
    path(
        "organizations/",
        RedirectView.as_view(
            pattern_name="members:organization_tree", query_string=True
        ),
    ),
    path(
        "organizations/<int:pk>/",
        RedirectView.as_view(pattern_name="members:organization", query_string=True),
    ),
]

handler500 = "organizations.views.errors.server_error"
handler400 = "organizations.views.errors.bad_request"
