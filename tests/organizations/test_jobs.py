import datetime
import os

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from organizations import clock
from organizations.models import Job, Role
from organizations.services import jobs as job_service
from organizations.services.jobs import JobOutput, request_job, retry_job, run_job
from organizations.tasks import SELFTEST_TASK, build_selftest_file, run_selftest_job
from tests.factories import JobFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def queue_selftest(org, user, **params):
    return request_job(
        kind="selftest",
        task_name=SELFTEST_TASK,
        organization=org,
        params=params,
        by=user,
    )


def test_request_job_enqueues_only_after_commit(
    org_tree, hothau_secretary, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        job = queue_selftest(org_tree.hothau, hothau_secretary, steps=2)
        assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED
    assert len(callbacks) == 1


def test_the_same_request_returns_the_existing_job(
    org_tree, hothau_secretary, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        first = queue_selftest(org_tree.hothau, hothau_secretary, steps=2)
        again = queue_selftest(org_tree.hothau, hothau_secretary, steps=2)
        other = queue_selftest(org_tree.hothau, hothau_secretary, steps=3)
    assert first == again
    assert other != first
    assert len(callbacks) == 2


def test_a_job_runs_as_of_the_day_it_was_requested(org_tree, hothau_secretary):
    requested = datetime.date(2027, 2, 5)
    with clock.as_of(requested):
        job = queue_selftest(org_tree.hothau, hothau_secretary, steps=2)
    assert job.as_of == requested
    seen = []

    def work(job, progress):
        seen.append(clock.today())
        return JobOutput(b"-", "day.txt")

    run_job(job.pk, work)
    assert seen == [requested]
    # The same request on another day is another job.
    with clock.as_of(requested + datetime.timedelta(days=1)):
        assert queue_selftest(org_tree.hothau, hothau_secretary, steps=2) != job


def test_request_outside_scope_is_refused(org_tree, namdich_secretary):
    with pytest.raises(PermissionDenied):
        queue_selftest(org_tree.hothau, namdich_secretary)
    assert not Job.objects.exists()


@pytest.mark.smoke
def test_embedded_default_runs_the_task_in_process(
    in_process_tasks, org_tree, hothau_secretary, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = queue_selftest(org_tree.hothau, hothau_secretary, steps=4)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.progress == 100
    assert job.file.read().decode().splitlines()[-1] == "Bước 4/4: xong"


def test_running_twice_is_safe(org_tree, hothau_secretary):
    job = JobFactory(
        organization=org_tree.hothau, requested_by=hothau_secretary, params={"steps": 2}
    )
    run_selftest_job(job.pk)
    job.refresh_from_db()
    first_file = job.file.name
    run_selftest_job(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.file.name == first_file
    run_selftest_job(987654)  # a missing row is ignored


def test_a_redelivered_running_job_runs_again_and_replaces_its_file(
    org_tree, hothau_secretary, monkeypatch
):
    job = JobFactory(
        organization=org_tree.hothau, requested_by=hothau_secretary, params={"steps": 1}
    )
    run_job(job.pk, build_selftest_file)
    job.refresh_from_db()
    old_name = job.file.name
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    monkeypatch.setattr(job_service, "_redelivered", lambda: True)
    run_job(job.pk, build_selftest_file)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    directory, name = os.path.split(job.file.name)
    assert job.file.storage.listdir(directory)[1] == [name]
    assert old_name == job.file.name or not job.file.storage.exists(old_name)


def test_failure_is_recorded_readably_and_can_be_retried(
    org_tree, hothau_secretary, client_as, django_capture_on_commit_callbacks
):
    job = JobFactory(
        organization=org_tree.hothau,
        requested_by=hothau_secretary,
        params={"fail": True},
    )
    run_selftest_job(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "lỗi thử nghiệm" in job.error
    page = client_as(hothau_secretary).get(job.get_absolute_url()).content.decode()
    assert "lỗi thử nghiệm" in page
    assert "Thử lại" in page
    with django_capture_on_commit_callbacks() as callbacks:
        response = client_as(hothau_secretary).post(
            reverse("organizations:job_retry", args=[job.pk])
        )
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.error) == (Job.Status.QUEUED, "")
    assert len(callbacks) == 1
    retry_job(job, by=hothau_secretary)  # not failed any more: nothing happens
    assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED


def test_job_page_polls_while_running_and_offers_the_file_when_done(
    org_tree, hothau_secretary, client_as
):
    job = JobFactory(
        organization=org_tree.hothau, requested_by=hothau_secretary, params={"steps": 1}
    )
    client = client_as(hothau_secretary)
    partial = client.get(
        job.get_absolute_url(), headers={"HX-Request": "true"}
    ).content.decode()
    assert 'hx-trigger="every 1s"' in partial
    assert "<html" not in partial
    run_selftest_job(job.pk)
    done = client.get(job.get_absolute_url()).content.decode()
    assert "hx-trigger" not in done
    download = client.get(reverse("organizations:job_download", args=[job.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).decode() == "Bước 1/1: xong"
    assert "attachment" in download["Content-Disposition"]


def test_job_visibility(
    org_tree, hothau_secretary, org_staff, standing_member, viewer, client_as
):
    own = JobFactory(
        organization=org_tree.hothau, requested_by=hothau_secretary, params={"steps": 1}
    )
    committee_doc = JobFactory(
        organization=org_tree.district,
        requested_by=org_staff,
        shared_with_committee=True,
        params={"steps": 1},
    )
    run_selftest_job(own.pk)
    run_selftest_job(committee_doc.pk)
    own_url = reverse("organizations:job_download", args=[own.pk])
    doc_url = reverse("organizations:job_download", args=[committee_doc.pk])
    assert client_as(hothau_secretary).get(own_url).status_code == 200
    # Someone else's own job stays private, even to the district.
    assert client_as(org_staff).get(own_url).status_code == 404
    # A committee document is shared with its org_staff and Standing Committee only.
    assert client_as(standing_member).get(doc_url).status_code == 200
    assert client_as(viewer).get(doc_url).status_code == 404
    assert client_as(hothau_secretary).get(doc_url).status_code == 404


def test_scope_is_checked_again_at_download(org_tree, client_as):
    user = UserFactory()
    assignment = RoleAssignmentFactory(
        user=user, organization=org_tree.hothau, role=Role.SECRETARY
    )
    job = JobFactory(
        organization=org_tree.hothau, requested_by=user, params={"steps": 1}
    )
    run_selftest_job(job.pk)
    url = reverse("organizations:job_download", args=[job.pk])
    assert client_as(user).get(url).status_code == 200
    assignment.ended_on = assignment.started_on.replace(
        year=assignment.started_on.year + 1
    )
    assignment.save()
    assert client_as(user).get(url).status_code == 404


@pytest.mark.smoke
def test_behind_nginx_the_file_is_sent_by_nginx_after_the_check(
    org_tree, hothau_secretary, namdich_secretary, client_as, settings
):
    settings.PRIVATE_FILES_ACCEL_PREFIX = "/protected/"
    job = JobFactory(
        organization=org_tree.hothau, requested_by=hothau_secretary, params={"steps": 1}
    )
    run_selftest_job(job.pk)
    job.refresh_from_db()
    url = reverse("organizations:job_download", args=[job.pk])
    response = client_as(hothau_secretary).get(url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected/{job.file.name}"
    assert response.content == b""
    assert response["Content-Disposition"] == (f'attachment; filename="{job.filename}"')
    outsider = client_as(namdich_secretary).get(url)
    assert outsider.status_code == 404
    assert "X-Accel-Redirect" not in outsider
