from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

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


class LanguageMiddleware:
    """Vietnamese unless the user picked English with the switch (a cookie).

    Unlike Django's LocaleMiddleware it ignores the browser's Accept-Language:
    a phone set to English must not turn the registry's forms English."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        known = dict(settings.LANGUAGES)
        language = chosen if chosen in known else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
