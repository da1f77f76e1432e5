"""Who issues a document, as the party's documents write it: the issuing
body under its superior organization as the tree stood on the document's
date ("ĐẢNG BỘ TỈNH HÀ GIANG / HUYỆN ỦY HOÀNG SU PHÌ"), its number, place
and date. Who signs is organizations.signers'."""

import datetime
from dataclasses import dataclass

from organizations.models import Organization
from organizations.models.history import TreePeriod

from .render import committee_title, date_line, place_name


@dataclass(frozen=True)
class Header:
    superior: str
    issuer: str
    number: str
    date_line: str
    committee_title: str


def superior_on(organization: Organization, day: datetime.date) -> Organization | None:
    """The organization `organization` hung from on `day`."""
    period = (
        TreePeriod.objects.on(day)
        .filter(organization=organization)
        .select_related("parent")
        .first()
    )
    return period.parent if period is not None else organization.parent


def _place(organization: Organization, day: datetime.date) -> str:
    """The locality on the date line: a cell writes the name of the commune
    (or district) whose party organization it belongs to."""
    current: Organization | None = organization
    while current is not None and current.name.startswith("Chi bộ"):
        current = superior_on(current, day)
    return place_name((current or organization).name)


def header(
    organization: Organization,
    day: datetime.date,
    *,
    number: str = "",
    department: str = "",
) -> Header:
    """The header of a document `organization` issues on `day`; a department
    of its committee (the organization committee's "Ban Tổ chức") issues
    under the committee's name."""
    title = committee_title(organization.name)
    if department:
        superior, issuer = title, department
    else:
        above = superior_on(organization, day)
        superior, issuer = (above.name if above else ""), title
    return Header(
        superior=superior.upper(),
        issuer=issuer.upper(),
        number=number,
        date_line=date_line(_place(organization, day), day),
        committee_title=title,
    )
