"""Decisions a committee already took stay its own: a change of the tree
dated before them (a late merger, move or grant of the power to admit) is
refused when it would give the power, on their date, to another committee."""

import datetime

from django.db.models import Q
from django.utils.translation import gettext as _

from organizations.models import Authority
from organizations.text import day_label

from ...models import AgendaItem


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
