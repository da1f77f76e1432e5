"""The statistics as a file, rendered by the documents worker like a meeting
dossier: asked for here, built from the frozen figures when the period was
frozen, else from the registry as it stands when the worker runs."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import Job, Organization, User
from organizations.replica import ReplicaReading, replica_reads
from organizations.services.jobs import JobOutput, Progress, request_job

from ..documents.kinds import DOCUMENTS_QUEUE
from ..models import StatisticsSnapshot
from . import compute
from .outputs import as_pdf, as_xlsx
from .period import Period

STATISTICS_TASK = "reports.tasks.render_statistics"
FORMATS = {"pdf": as_pdf, "xlsx": as_xlsx}
KIND_LABELS = {
    "statistics_pdf": _("Statistics report (PDF)"),
    "statistics_xlsx": _("Statistics tables (XLSX)"),
}


def request_statistics_file(
    organization: Organization,
    period: Period,
    *,
    file_format: str,
    by: User,
    snapshot_id: int | None,
) -> Job:
    if file_format not in FORMATS:
        raise ValueError(file_format)
    params: dict[str, object] = {**period.as_json(), "format": file_format}
    if snapshot_id is not None:
        params["snapshot"] = snapshot_id
    else:
        # Live figures change as the registry does: a file asked for a minute
        # later is a new one.
        params["asked"] = timezone.now().isoformat(timespec="minutes")
    return request_job(
        kind=f"statistics_{file_format}",
        task_name=STATISTICS_TASK,
        organization=organization,
        params=params,
        by=by,
        queue=DOCUMENTS_QUEUE,
    )


def frozen_line(snapshot: StatisticsSnapshot) -> str:
    """What a file of frozen figures says of them (in Vietnamese, as the file)."""
    day = timezone.localtime(snapshot.frozen_at).strftime("%d/%m/%Y")
    return f"Số liệu đã chốt ngày {day}, người chốt: {snapshot.frozen_by}."


def replica_line(replica: ReplicaReading | None) -> str:
    """What a file of figures read from the read replica says of their time."""
    if replica is None:
        return ""
    if replica.as_at is None:
        return "Số liệu đọc từ bản sao cơ sở dữ liệu dành cho thống kê."
    return f"Số liệu đọc từ bản sao cơ sở dữ liệu, tính đến {replica.as_at_label}."


def build_statistics(job: Job, progress: Progress) -> JobOutput:
    period = Period.from_json(job.params)
    frozen = ""
    if "snapshot" in job.params:
        snapshot = StatisticsSnapshot.objects.select_related("frozen_by").get(
            pk=job.params["snapshot"], organization=job.organization
        )
        figures, frozen = snapshot.figures, frozen_line(snapshot)
    else:
        with replica_reads() as replica:
            figures = compute(job.organization, period)
        frozen = replica_line(replica)
    progress(50)
    file_format = job.params["format"]
    content = FORMATS[file_format](figures, frozen=frozen)
    name = (
        f"thong-ke-{job.organization.code}-{period.first:%Y%m%d}-{period.last:%Y%m%d}"
    )
    return JobOutput(content, f"{name}.{file_format}", str(KIND_LABELS[job.kind]))
