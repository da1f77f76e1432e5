"""Telling the secretaries of an organization what happened to their dossiers:
a row on their dashboard, and an email when the user has an address, sent by a
worker once the change is committed (retried until the mail server takes it)."""

from functools import partial
from smtplib import SMTPException

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Notification, Organization, Role, RoleAssignment, User
from .broker import dispatch_mail


class MailNotSent(Exception):
    """The mail server did not take the mail; the task tries again later."""


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
    """Write a notification for each secretary of `organization`; those with an
    address are mailed, each on their own, once the transaction commits.
    Returns how many were written."""
    recipients = secretaries_of(organization)
    for user in recipients:
        notify_user(user, organization, message, url=url)
    return len(recipients)


def notify_user(
    user: User,
    organization: Organization,
    message: str,
    *,
    url: str = "",
    mail_subject: str = "",
    mail_body: str = "",
) -> Notification:
    """A notification for one user, mailed (with `mail_subject` and
    `mail_body` when given) once the transaction commits if the user has an
    address."""
    note = Notification.objects.create(
        recipient=user,
        organization=organization,
        message=message,
        url=url,
        mail_to=user.email,
        mail_subject=mail_subject,
        mail_body=mail_body,
    )
    if note.mail_to:
        transaction.on_commit(partial(dispatch_mail, note.pk))
    return note


def send_notification_mail(notification_id: int) -> bool:
    """Mail the notification unless it was mailed already; True when it was
    sent now. Raises MailNotSent, with the attempt recorded, when the server
    refuses it. Two deliveries of the task wait on the row's lock, and the
    second finds the mail sent."""
    with transaction.atomic():
        note = (
            Notification.objects.select_for_update()
            .filter(pk=notification_id, mail_sent_at__isnull=True)
            .exclude(mail_to="")
            .first()
        )
        if note is None:
            return False
        note.mail_attempts += 1
        try:
            send_mail(
                note.mail_subject
                or _("Party membership registry: news of your dossiers"),
                note.mail_body or note.message,
                None,
                [note.mail_to],
            )
        except (OSError, SMTPException) as exc:
            note.mail_error = f"{exc.__class__.__name__}: {exc}"[:500]
            # The task's retry hands it over again: the sweeper need not.
            note.mail_queued_at = timezone.now()
            failure: MailNotSent | None = MailNotSent(note.mail_error)
        else:
            note.mail_sent_at, note.mail_error, failure = timezone.now(), "", None
        note.save(
            update_fields=[
                "mail_attempts",
                "mail_error",
                "mail_sent_at",
                "mail_queued_at",
            ]
        )
    if failure is not None:
        raise failure
    return True


def unread_for(user: User, limit: int = 10) -> list[Notification]:
    return list(
        Notification.objects.filter(recipient=user, read_at__isnull=True)[:limit]
    )


def mark_read(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
