"""The cell's monthly record of who missed its meeting or did not pay the
dues without a valid reason (DOMAIN.md §5.3): the facts a removal-of-name
trigger is found from."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations import clock
from organizations.audit import record_audit
from organizations.models import Organization, User
from organizations.selectors import Permission, can

from ..models import Member, MissedMonth


@transaction.atomic
def record_month(
    organization: Organization,
    *,
    month: datetime.date,
    absent: set[int],
    unpaid: set[int],
    by: User,
    ill: frozenset[int] | set[int] = frozenset(),
) -> int:
    """The month's record for the organization's current members, written
    whole (a correction replaces it). Returns how many members missed without
    a valid reason (a meeting missed through illness has one)."""
    if not can(by, Permission.EDIT_REGISTRY, organization):
        raise PermissionDenied
    month = month.replace(day=1)
    if month > clock.today() or month.year < 1930:
        raise ValidationError(_("Choose a month that has come."))
    members = set(
        Member.objects.select_for_update()
        .filter(organization=organization, end_date__isnull=True)
        .values_list("pk", flat=True)
    )
    if not (absent | unpaid | ill) <= members:
        raise ValidationError(
            _("Only the organization's current members are recorded here.")
        )
    MissedMonth.objects.filter(member_id__in=members, month=month).delete()
    MissedMonth.objects.bulk_create(
        MissedMonth(
            member_id=pk,
            month=month,
            absent=pk in absent,
            unpaid=pk in unpaid,
            ill=pk in ill and pk not in absent,
            recorded_by=by,
        )
        for pk in sorted(absent | unpaid | ill)
    )
    record_audit(
        "members.month",
        organization,
        by=by,
        organization=organization,
        month=month.isoformat(),
        absent=sorted(absent),
        unpaid=sorted(unpaid),
        ill=sorted(ill - absent),
    )
    return len(absent | unpaid)
