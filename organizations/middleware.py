from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from .services.two_factor import must_enrol, must_verify

# Pages a user with a temporary password may still reach: the second factor
# comes first, so that a password reset never stands in for it.
_ALLOWED_NAMES = (
    "password_change",
    "logout",
    "set_language",
    "two_factor_verify",
    "two_factor_setup",
)


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


# Every script and style comes from the registry's own static files; nothing
# inline, nothing from elsewhere. Pictures may also be data: URLs (the
# browser's preview of a photo before it is sent).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)
# A registry page needs none of the phone's sensors. Taking a photo for an
# upload goes through the file picker, which needs no camera permission.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class PrivacyHeadersMiddleware:
    """Pages, files, exports and photos carry personal data: no browser or
    proxy keeps a copy (Cache-Control: no-store). Static files are answered
    before this middleware and stay cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response["Cache-Control"] = "private, no-store"
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# Pages reachable before the second factor is given or set up.
_SECOND_FACTOR_PAGES = (
    "two_factor_verify",
    "two_factor_setup",
    "logout",
    "set_language",
)


class SecondFactorMiddleware:
    """After the password: a user with an authenticator app gives its code
    before anything else; one the setting obliges to have one sets it up."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.allowed = {reverse(name) for name in _SECOND_FACTOR_PAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.path not in self.allowed
            and not request.path.startswith("/static/")
        ):
            if must_verify(user):
                back = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('two_factor_verify')}?{back}")
            if must_enrol(user):
                return redirect("two_factor_setup")
        return self.get_response(request)
