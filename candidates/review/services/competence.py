"""Decisions a committee already took stay its own: a change of the tree
dated before them (a late merger, move or grant of the power to admit) is
refused when it would give the power, on their date, to another committee."""

import datetime

from django.db.models import Q
from django.utils.translation import gettext as _

from organizations.models import Authority, Organization, User
from organizations.text import day_label

from ...models import AgendaItem, Candidate, StageLog


def decisions_contradicted(organization_ids: list[int], on: datetime.date) -> list[str]:
    """The decisions of review meetings held from `on` on, about dossiers of
    `organization_ids`, that the tree as it now stands would give to a
    committee other than the one that took them."""
    items = (
        AgendaItem.objects.exclude(outcome=AgendaItem.Outcome.PENDING)
        .filter(meeting__held_on__gte=on)
        .filter(
            Q(candidate__organization_id__in=organization_ids)
            | Q(recognition__member__organization_id__in=organization_ids)
        )
        .select_related(
            "meeting__committee",
            "candidate__organization",
            "recognition__member__organization",
        )
        .order_by("meeting__held_on", "position")
    )
    return [
        _("the decision on %(name)s taken by %(committee)s on %(date)s")
        % {
            "name": item.subject_name,
            "committee": item.meeting.committee.name,
            "date": day_label(item.meeting.held_on),
        }
        for item in items
        if item.organization.nearest_holding(
            Authority.ADMISSION, on=item.meeting.held_on
        )
        != item.meeting.committee
    ]


def carry_open_dossiers(
    source: Organization, into: Organization, on: datetime.date, by: User
) -> None:
    """Open dossiers kept on `source`'s own roll continue at `into`, each with
    a line in its log."""
    note = _("%(source)s merged into %(into)s") % {
        "source": source.name,
        "into": into.name,
    }
    moving = list(
        Candidate.objects.filter(
            organization=source,
            status__in=[Candidate.Status.ACTIVE, Candidate.Status.PAUSED],
        )
    )
    Candidate.objects.filter(pk__in=[c.pk for c in moving]).update(organization=into)
    StageLog.objects.bulk_create(
        StageLog(
            candidate=candidate,
            action="reorganized",
            from_stage=candidate.stage,
            to_stage=candidate.stage,
            on=on,
            note=note,
            by=by,
        )
        for candidate in moving
    )
