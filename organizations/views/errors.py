"""The server error page: a database that does not answer (restarting,
unreachable) is a 503 the user can wait out, not an error of theirs."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views.defaults import server_error as django_server_error

RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls the handler inside its `except` block: the exception that
    # failed the request is the one being handled.
    failure = sys.exc_info()[1]
    if isinstance(failure, OperationalError | InterfaceError):
        # Rendered without a request: the context processors would ask the
        # database again.
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return django_server_error(request)
