"""Opening a probationary member's file on the way to recognition (DOMAIN.md
§1.14–1.15); every later step is a verb of the dossier path it shares with
the admission dossier."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from members.models import Member
from organizations.models import User
from organizations.selectors import Permission, can

from ..models import Recognition
from ..rules import Blocked, Problem
from .dossier import move


@transaction.atomic
def open_recognition(member: Member, *, by: User) -> Recognition:
    """The file of the member's current probation (one per membership period)."""
    if not can(by, Permission.EDIT_REGISTRY, member.organization):
        raise PermissionDenied
    if member.status != Member.Status.PROBATIONARY or member.end_date is not None:
        raise Blocked([Problem(_("Only a probationary member has a probation file."))])
    recognition, created = Recognition.objects.get_or_create(
        member=member, ceremony_date=member.ceremony_date, defaults={"created_by": by}
    )
    if created:
        move(recognition, "open", by=by, on=member.ceremony_date)
    return recognition
