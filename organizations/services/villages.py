"""The villages of each commune, kept by the organization committee's staff."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .. import clock
from ..audit import record_audit
from ..models import Organization, User, Village
from ..selectors import Permission, can


def _require_staff(by: User, organization: Organization) -> None:
    if not can(by, Permission.RECORD_COMMITTEE_DECISION, organization):
        raise PermissionDenied


def _saved(village: Village) -> Village:
    try:
        with transaction.atomic():
            village.full_clean(exclude=["organization"], validate_unique=False)
            village.save()
    except IntegrityError as clash:
        raise ValidationError(
            _("A village with this code, or this name in the commune, exists already.")
        ) from clash
    return village


@transaction.atomic
def add_village(
    organization: Organization, *, code: str, name: str, by: User
) -> Village:
    _require_staff(by, organization)
    village = _saved(
        Village(organization=organization, code=code.strip(), name=name.strip())
    )
    record_audit(
        "villages.add", village, by=by, organization=organization, name=village.name
    )
    return village


@transaction.atomic
def rename_village(village: Village, *, code: str, name: str, by: User) -> Village:
    _require_staff(by, village.organization)
    before = (village.code, village.name)
    village.code, village.name = code.strip(), name.strip()
    _saved(village)
    record_audit(
        "villages.rename",
        village,
        by=by,
        organization=village.organization,
        before=list(before),
        after=[village.code, village.name],
    )
    return village


@transaction.atomic
def close_village(village: Village, *, on: datetime.date, by: User) -> Village:
    """A village merged into another or dissolved: kept for the records of
    those who lived there, offered no more from `on`."""
    _require_staff(by, village.organization)
    if village.closed_on is not None:
        raise ValidationError(_("This village is closed already."))
    if on > clock.today():
        raise ValidationError(_("A village is closed on a day that has come."))
    village.closed_on = on
    village.save(update_fields=["closed_on"])
    record_audit(
        "villages.close",
        village,
        by=by,
        organization=village.organization,
        on=on.isoformat(),
    )
    return village
