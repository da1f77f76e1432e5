"""Telling the secretaries of an organization what happened to their dossiers:
a row on their dashboard, and an email when the user has an address."""

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Notification, Organization, Role, RoleAssignment, User

logger = logging.getLogger(__name__)


def secretaries_of(organization: Organization) -> list[User]:
    """Users holding a secretary role on the organization or above it today."""
    assignments = (
        RoleAssignment.objects.active()
        .filter(role=Role.SECRETARY, organization_id__in=organization.ancestor_ids)
        .select_related("user")
    )
    users = {a.user_id: a.user for a in assignments if a.user.is_active}
    return list(users.values())


def notify_secretaries(organization: Organization, message: str, url: str = "") -> int:
    """Write a notification for each secretary of `organization`; mail those with
    an address once the transaction commits. Returns how many were written."""
    recipients = secretaries_of(organization)
    Notification.objects.bulk_create(
        Notification(recipient=u, organization=organization, message=message, url=url)
        for u in recipients
    )
    addresses = [u.email for u in recipients if u.email]
    if addresses:
        transaction.on_commit(lambda: _mail(addresses, message))
    return len(recipients)


def _mail(addresses: list[str], message: str) -> None:
    try:
        send_mail(
            _("Party membership registry: news of your dossiers"),
            message,
            None,
            addresses,
        )
    except OSError:
        # The notification on the dashboard stands; a mail server that is down
        # must not undo the committee's decision.
        logger.exception("notification mail not sent")


def unread_for(user: User, limit: int = 10) -> list[Notification]:
    return list(
        Notification.objects.filter(recipient=user, read_at__isnull=True)[:limit]
    )


def mark_read(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
