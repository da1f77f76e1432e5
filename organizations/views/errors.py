"""The error pages: a database that does not answer (restarting,
unreachable) is a 503 the user can wait out, not an error of theirs, whether
it failed a view (a 500) or the saving of the session at the end of the
request (Django reports that as an interrupted session, a 400)."""

import sys

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views.defaults import bad_request as django_bad_request
from django.views.defaults import server_error as django_server_error

from ..logs import database_unreachable

RETRY_AFTER_SECONDS = 30


def _unavailable() -> HttpResponse:
    # Rendered without a request: the context processors would ask the
    # database again.
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls the handler inside its `except` block: the exception that
    # failed the request is the one being handled.
    if database_unreachable(sys.exc_info()[1]):
        return _unavailable()
    return django_server_error(request)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if database_unreachable(exception):
        return _unavailable()
    return django_bad_request(request, exception)
