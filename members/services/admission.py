"""A new member from the admission ceremony (DOMAIN.md §1.13): the row, the
first placement and the admission event, in one transaction."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations import clock
from organizations.models import Organization, User
from organizations.selectors import Permission, can

from ..models import Member
from .profile import create_member
from .recording import Decision, write_admission


@transaction.atomic
def admit_member(
    organization: Organization,
    *,
    profile: dict[str, Any],
    decision: Decision,
    ceremony_date: datetime.date,
    by: User,
) -> Member:
    """Enter the person admitted at the ceremony as a probationary member; the
    entry date is the ceremony, party age runs from the decision."""
    if not can(by, Permission.EDIT_REGISTRY, organization):
        raise PermissionDenied
    errors = []
    if ceremony_date < decision.date:
        errors.append(_("The ceremony cannot come before the admission decision."))
    if ceremony_date > clock.today():
        errors.append(_("The ceremony date cannot be in the future."))
    if errors:
        raise ValidationError(errors)
    member = create_member(
        organization,
        profile=profile,
        decision=decision,
        ceremony_date=ceremony_date,
        by=by,
    )
    write_admission(member, by=by)
    return member
