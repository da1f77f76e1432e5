from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from .models import User


class AuthedRequest(HttpRequest):
    """A request that passed LoginRequiredMiddleware, so mypy knows the user type."""

    user: User
    htmx: HtmxDetails
