"""Freezing a period's statistics: the figures of record for a report that has
been sent, kept as they were whatever is corrected afterwards."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations import clock
from organizations.audit import record_audit
from organizations.models import Organization, User
from organizations.selectors import Permission, can

from ..models import StatisticsSnapshot
from ..statistics import Period, compute


def current_snapshot(
    organization: Organization, period: Period
) -> StatisticsSnapshot | None:
    return (
        StatisticsSnapshot.objects.current()
        .filter(organization=organization, first=period.first, last=period.last)
        .select_related("frozen_by")
        .first()
    )


def figures_for(
    organization: Organization, period: Period
) -> tuple[dict[str, Any], StatisticsSnapshot | None]:
    """The period's figures of record: the frozen ones when the period was
    frozen, else computed now."""
    snapshot = current_snapshot(organization, period)
    if snapshot is not None:
        return snapshot.figures, snapshot
    return compute(organization, period), None


@transaction.atomic
def freeze(
    organization: Organization,
    period: Period,
    *,
    by: User,
    again: bool = False,
    reason: str = "",
) -> StatisticsSnapshot:
    """Store the period's figures as they are now. A period frozen already is
    frozen again only when asked on purpose with a reason; the earlier
    snapshot stays, marked replaced."""
    if not can(by, Permission.RECORD_COMMITTEE_DECISION, organization):
        raise PermissionDenied
    if period.last >= clock.today():
        raise ValidationError(_("Only a period that has ended can be frozen."))
    # Serialized per organization: two freezes at once make one snapshot.
    Organization.objects.select_for_update().get(pk=organization.pk)
    earlier = current_snapshot(organization, period)
    if earlier is not None:
        if not again:
            raise ValidationError(
                _(
                    "These figures were frozen on %(day)s by %(who)s. To freeze "
                    "them again, say so and give the reason."
                )
                % {
                    "day": timezone.localtime(earlier.frozen_at).strftime("%d/%m/%Y"),
                    "who": earlier.frozen_by,
                }
            )
        if not reason.strip():
            raise ValidationError(_("Give the reason for freezing again."))
        earlier.replaced_at = timezone.now()
        earlier.save(update_fields=["replaced_at"])
    try:
        with transaction.atomic():
            snapshot = StatisticsSnapshot.objects.create(
                organization=organization,
                first=period.first,
                last=period.last,
                figures=compute(organization, period),
                frozen_by=by,
                reason=reason.strip(),
            )
    except IntegrityError as clash:
        raise ValidationError(_("These figures were frozen a moment ago.")) from clash
    record_audit(
        "statistics.freeze",
        snapshot,
        by=by,
        organization=organization,
        period=period.as_json(),
        again=earlier is not None,
    )
    return snapshot
