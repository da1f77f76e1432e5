"""Registering and confirming each grassroots organization's yearly
admission target (DESIGN.md §1); the figures against it are read in
candidates/targets.py."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations import clock
from organizations.models import Authority, Organization, User
from organizations.selectors import Permission, can

from ..models import AdmissionTarget
from ..rules import Blocked, Problem


@transaction.atomic
def propose_target(
    organization: Organization, *, year: int, target: int, by: User
) -> AdmissionTarget:
    if not organization.is_grassroots:
        raise Blocked(
            [Problem(_("Targets are registered by grassroots organizations."))]
        )
    if not can(by, Permission.EDIT_REGISTRY, organization):
        raise PermissionDenied
    existing = (
        AdmissionTarget.objects.select_for_update()
        .filter(organization=organization, year=year)
        .first()
    )
    if existing and existing.confirmed_at:
        raise Blocked(
            [
                Problem(
                    _("The target for %(year)s is already confirmed.") % {"year": year}
                )
            ]
        )
    if year < clock.today().year or target < 0:
        raise Blocked([Problem(_("Register a target for this year or a later one."))])
    if existing:
        existing.target, existing.proposed_by = target, by
        existing.save(update_fields=["target", "proposed_by"])
        return existing
    return AdmissionTarget.objects.create(
        organization=organization, year=year, target=target, proposed_by=by
    )


@transaction.atomic
def confirm_target(target: AdmissionTarget, *, by: User) -> AdmissionTarget:
    committee = target.organization.nearest_holding(
        Authority.ADMISSION, on=clock.today()
    )
    if committee is None or not can(by, Permission.APPRAISE, committee):
        raise PermissionDenied
    target = AdmissionTarget.objects.select_for_update().get(pk=target.pk)
    target.confirmed_by, target.confirmed_at = by, timezone.now()
    target.save(update_fields=["confirmed_by", "confirmed_at"])
    return target
