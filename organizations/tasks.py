import time

from celery import shared_task

from .models import Job
from .services.jobs import JobOutput, Progress, run_job

SELFTEST_KIND = "selftest"
SELFTEST_TASK = "organizations.tasks.run_selftest_job"


def build_selftest_file(job: Job, progress: Progress) -> JobOutput:
    """The test job kind: proves a worker can take a job, report progress and store
    a file. Parameters: `steps` (how many), `delay` (seconds each), `fail` (bool)."""
    steps = int(job.params.get("steps", 3))
    lines = []
    for step in range(1, steps + 1):
        time.sleep(float(job.params.get("delay", 0)))
        lines.append(f"Bước {step}/{steps}: xong")
        progress(step * 100 // steps)
    if job.params.get("fail"):
        raise RuntimeError("lỗi thử nghiệm")
    return JobOutput("\n".join(lines).encode(), f"kiem-tra-{job.pk}.txt", lines[-1])


@shared_task(name=SELFTEST_TASK)
def run_selftest_job(job_id: int) -> None:
    run_job(job_id, build_selftest_file)
