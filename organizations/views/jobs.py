from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..audit import record_audit
from ..files import private_file_response
from ..http import AuthedRequest
from ..selectors import get_job_for, scope_roots, visible_jobs
from ..services.broker import hand_over_if_waiting
from ..services.jobs import request_job, retry_job
from ..tasks import SELFTEST_KIND, SELFTEST_TASK


def job_list(request: AuthedRequest) -> HttpResponse:
    jobs = visible_jobs(request.user).select_related("organization", "requested_by")[
        :50
    ]
    return render(request, "organizations/job_list.html", {"jobs": jobs})


def job_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    job = get_job_for(request.user, pk)
    if hand_over_if_waiting(job):
        job.refresh_from_db()
    template = "organizations/job_detail.html"
    if request.htmx:
        template += "#status"
    return render(request, template, {"job": job})


def job_download(request: AuthedRequest, pk: int) -> HttpResponseBase:
    """The file, saved, or (?view=1, a PDF) opened in the browser's viewer."""
    job = get_job_for(request.user, pk)
    if job.status not in (job.Status.DONE, job.Status.FAILED) or not job.file:
        raise Http404
    record_audit(
        "jobs.download",
        job,
        by=request.user,
        organization=job.organization,
        kind=job.kind,
        filename=job.filename,
    )
    view = request.GET.get("view") == "1" and job.is_pdf
    return private_file_response(
        job.file, as_attachment=not view, filename=job.filename
    )


@require_POST
def job_retry(request: AuthedRequest, pk: int) -> HttpResponse:
    job = get_job_for(request.user, pk)
    if job.requested_by_id != request.user.pk and not request.user.is_superuser:
        raise PermissionDenied
    retry_job(job, by=request.user)
    return redirect(job)


@require_POST
def job_selftest(request: AuthedRequest) -> HttpResponse:
    """Queue the test job kind: shows that background processing works end to end."""
    roots = scope_roots(request.user)
    if not roots:
        raise PermissionDenied
    job = request_job(
        kind=SELFTEST_KIND,
        task_name=SELFTEST_TASK,
        organization=roots[0],
        params={"steps": 5, "delay": 0.2, "nonce": request.POST.get("nonce", "")},
        by=request.user,
    )
    messages.info(request, _("The test job has been queued."))
    return redirect(job)
