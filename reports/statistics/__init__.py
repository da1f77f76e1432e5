"""The statistics a committee reports (DOMAIN.md §6) for a period and a scope:
every figure a database aggregation over the rows in scope, gathered into one
JSON-ready dict keyed by stable English names. The page, the PDF, the XLSX, the
command and a frozen year all read this dict."""

from typing import Any

from organizations.models import Organization

from .movements import movements
from .organizations import admissions_by_grassroots, grassroots_at_end, organizations
from .period import Period
from .pipeline import pipeline
from .ranking import organization_ranking
from .scope import Scope
from .stock import member_ranking, members_at_end, tally

__all__ = ["Period", "compute"]


def compute(root: Organization, period: Period) -> dict[str, Any]:
    """The figures of `root`'s subtree for `period`. The caller has checked that
    the user may read `root` (the access layer)."""
    scope = Scope(root, period)
    grassroots = grassroots_at_end(scope)
    admitted = admissions_by_grassroots(scope, grassroots)
    stock = tally(scope)
    return {
        "period": period.as_json(),
        "scope": {"code": root.code, "name": root.name},
        "organizations": organizations(scope, grassroots, admitted),
        "members": members_at_end(stock),
        "movements": movements(scope),
        "pipeline": pipeline(scope, grassroots, admitted),
        "ranking": {
            "members": member_ranking(stock),
            "organizations": organization_ranking(scope, grassroots),
        },
    }
