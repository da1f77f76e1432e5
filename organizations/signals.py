"""Sign-ins, sign-outs and failed attempts go to the audit log beside the
reads and writes already there."""

from typing import Any

from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver
from django.http import HttpRequest

from .audit import record_sign_in
from .models import User


def _address(request: HttpRequest | None) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    record_sign_in(
        "auth.login", user=user, username=user.username, address=_address(request)
    )


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(
    sender: Any, request: HttpRequest, user: User | None, **kwargs: Any
) -> None:
    if user is not None:
        record_sign_in(
            "auth.logout", user=user, username=user.username, address=_address(request)
        )


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(
    sender: Any,
    credentials: dict[str, Any],
    request: HttpRequest | None = None,
    **kwargs: Any,
) -> None:
    record_sign_in(
        "auth.login_failed",
        user=None,
        username=str(credentials.get("username", "")),
        address=_address(request),
    )
