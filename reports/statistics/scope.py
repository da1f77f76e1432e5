"""Which organizations a report covers: a root and everything that hung under
it, read from the tree's dated periods, so a merge or a move recorded later
leaves an earlier period's figures as they were."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from organizations.models import Organization, TreePeriod

from .period import Period


@dataclass(frozen=True)
class Scope:
    root: Organization
    period: Period

    @property
    def _marker(self) -> str:
        # A path is the chain of ids from the tree's root: an organization is
        # under `root` on a day when `root`'s id is on its path that day.
        return f"/{self.root.pk}/"

    def ids_on(self, day: datetime.date) -> QuerySet[Any]:
        """Organizations under the root on `day` (the stock's scope)."""
        return (
            TreePeriod.objects.on(day)
            .filter(path__contains=self._marker)
            .values("organization_id")
        )

    def ids_during(self) -> QuerySet[Any]:
        """Organizations under the root on some day of the period (the
        movements' scope): a move between two of them is not a movement of
        the scope, whatever day it happened."""
        return self._during().values("organization_id")

    def _during(self) -> QuerySet[TreePeriod]:
        first, last = self.period.first, self.period.last
        return TreePeriod.objects.filter(
            Q(start__isnull=True) | Q(start__lte=last),
            Q(end__isnull=True) | Q(end__gt=first),
            path__contains=self._marker,
        )
