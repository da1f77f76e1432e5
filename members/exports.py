"""Exporting the member list: the user's current members as they filtered
them, as CSV or XLSX. A list too long to write while the user waits becomes a
background job whose file waits on the job's page."""

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organizations import clock
from organizations.audit import record_audit
from organizations.models import Job, User
from organizations.replica import replica_reads
from organizations.selectors import scope_roots
from organizations.services.jobs import JobOutput, Progress, request_job

from .forms.lists import filter_members
from .tables import member_rows, write_export

EXPORT_KIND = "member_export"
EXPORT_TASK = "members.tasks.export_members_job"
FORMATS = ("csv", "xlsx")
# Rows written while the user waits. An XLSX of a whole province (200,000
# rows) takes about a minute, longer than a web request may.
INLINE_ROWS = 10_000
PROGRESS_EVERY = 2000


class MemberExport:
    """One export: who asks, the member list's filters as they came in the
    address, and the format."""

    def __init__(self, user: User, filters: dict[str, str], kind: str) -> None:
        self.user, self.filters = user, filters
        self.kind = kind if kind in FORMATS else "xlsx"
        form, members = filter_members(user, filters)
        self.usable = not (form.is_bound and form.errors)
        self.organization = (
            form.cleaned_data.get("organization")
            if self.usable and form.is_bound
            else None
        )
        self.members = members.select_related("organization", "ethnicity", "village")

    @property
    def filename(self) -> str:
        return f"dang-vien-{clock.today():%Y%m%d}.{self.kind}"

    def too_long_to_wait(self) -> bool:
        return self.members.order_by()[: INLINE_ROWS + 1].count() > INLINE_ROWS

    def queue(self) -> Job:
        """The export as a background job, belonging to the organization the
        filters chose or to the top of the user's scope."""
        return request_job(
            kind=EXPORT_KIND,
            task_name=EXPORT_TASK,
            organization=self.organization or scope_roots(self.user)[0],
            params={"filters": self.filters, "format": self.kind},
            by=self.user,
        )

    def write(self, progress: Progress | None = None) -> tuple[bytes, int]:
        """The file and how many members it lists; audited, since it carries
        personal data out of the registry."""
        members = self.members.order_by("sort_key", "pk")
        total = members.count() if progress else 0
        written = 0

        def rows() -> Iterator[list[str]]:
            nonlocal written
            for row in member_rows(members.iterator(chunk_size=2000)):
                written += 1
                if progress and written % PROGRESS_EVERY == 0:
                    progress(min(99, written * 100 // total))
                yield row

        content = write_export(self.kind, rows())
        record_audit(
            "members.export",
            self.user,
            by=self.user,
            organization=self.organization,
            filters=self.filters,
            format=self.kind,
            rows=written,
        )
        return content, written


def export_from_job(job: Job, progress: Progress) -> JobOutput:
    export = MemberExport(job.requested_by, job.params["filters"], job.params["format"])
    # The rows from the read replica when there is one; the audit entry is a
    # write, so it goes to the primary whatever the block.
    with replica_reads() as replica:
        content, count = export.write(progress)
    summary = ngettext(
        "%(count)s member exported.", "%(count)s members exported.", count
    ) % {"count": count}
    if replica and replica.as_at:
        summary += " " + _("Read from the copy of the registry as at %(time)s.") % {
            "time": replica.as_at_label
        }
    return JobOutput(content, export.filename, summary)
