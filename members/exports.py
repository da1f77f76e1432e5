"""Exporting the member list: the user's current members as they filtered
them, as CSV or XLSX. A list too long to write while the user waits becomes a
background job whose file waits on the job's page."""

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import ngettext

from organizations.audit import record_audit
from organizations.jobs import JobOutput, Progress, request_job
from organizations.models import Job, Organization, User
from organizations.selectors import scope_roots, visible_organizations

from .forms import MemberFilterForm
from .models import Member
from .search import apply_filters
from .selectors import visible_members
from .tables import member_rows, write_csv, write_xlsx

EXPORT_KIND = "member_export"
EXPORT_TASK = "members.tasks.export_members_job"
WRITERS = {"csv": write_csv, "xlsx": write_xlsx}
# Rows written while the user waits. An XLSX of a whole province (200,000
# rows) takes about a minute, longer than a web request may.
INLINE_ROWS = 10_000
PROGRESS_EVERY = 2000


def filtered_members(
    user: User, filters: dict[str, str]
) -> tuple[QuerySet[Member], Organization | None]:
    """The current members the user may see, filtered as on the member list,
    and the organization the filters chose (if any)."""
    form = MemberFilterForm(filters or None, organizations=visible_organizations(user))
    data: dict[str, Any] = (
        form.cleaned_data if form.is_bound and form.is_valid() else {}
    )
    members = visible_members(user).filter(end_date__isnull=True)
    if data.get("organization") is not None:
        members = members.in_subtree(data["organization"])
    members = apply_filters(members, data).select_related("organization", "ethnicity")
    return members.order_by("sort_key", "pk"), data.get("organization")


def export_filename(kind: str) -> str:
    return f"dang-vien-{timezone.localdate():%Y%m%d}.{kind}"


def write_members(
    user: User, filters: dict[str, str], kind: str, progress: Progress | None = None
) -> tuple[bytes, int]:
    """The file and how many members it lists; audited, since it carries
    personal data out of the registry."""
    members, organization = filtered_members(user, filters)
    total = members.count() if progress else 0
    written = 0

    def rows() -> Iterator[list[str]]:
        nonlocal written
        for row in member_rows(members.iterator(chunk_size=2000)):
            written += 1
            if progress and written % PROGRESS_EVERY == 0:
                progress(min(99, written * 100 // total))
            yield row

    content = WRITERS[kind](rows())
    record_audit(
        "members.export",
        user,
        by=user,
        organization=organization,
        filters=filters,
        format=kind,
        rows=written,
    )
    return content, written


def too_long_to_wait(user: User, filters: dict[str, str]) -> bool:
    members, _organization = filtered_members(user, filters)
    return members.order_by()[: INLINE_ROWS + 1].count() > INLINE_ROWS


def request_member_export(user: User, filters: dict[str, str], kind: str) -> Job:
    """Queue the export of a long list; the job belongs to the organization the
    filters chose, or to the top of the user's scope."""
    _members, organization = filtered_members(user, filters)
    return request_job(
        kind=EXPORT_KIND,
        task_name=EXPORT_TASK,
        organization=organization or scope_roots(user)[0],
        params={"filters": filters, "format": kind},
        by=user,
    )


def export_from_job(job: Job, progress: Progress) -> JobOutput:
    kind = job.params["format"]
    content, count = write_members(
        job.requested_by, job.params["filters"], kind, progress
    )
    summary = ngettext(
        "%(count)s member exported.", "%(count)s members exported.", count
    ) % {"count": count}
    return JobOutput(content, export_filename(kind), summary)
