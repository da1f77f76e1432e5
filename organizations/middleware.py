from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# Pages a user with a temporary password may still reach.
_ALLOWED_NAMES = ("password_change", "logout", "set_language")


class PasswordChangeRequiredMiddleware:
    """Sends a user who signed in with a temporary password to the password form
    until they have chosen their own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.allowed = {reverse(name) for name in _ALLOWED_NAMES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and request.path not in self.allowed
            and not request.path.startswith("/static/")
        ):
            return redirect("password_change")
        return self.get_response(request)
