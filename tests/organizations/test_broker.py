"""Work handed to the broker is never lost and never done twice: a job is
claimed before it runs, the sweeper finds what the broker never got, and a
notification's mail is sent by a task that marks it sent."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from organizations.models import Job, Notification, Role
from organizations.services import jobs as job_service
from organizations.services.broker import (
    MAIL_GIVE_UP_AFTER,
    sweep,
    waiting_jobs,
    waiting_mails,
)
from organizations.services.jobs import JobOutput, request_job, run_job
from organizations.services.notifications import notify_secretaries
from organizations.tasks import SELFTEST_TASK
from tests.factories import JobFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def minutes_ago(minutes: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(minutes=minutes)


class RefusingMail:
    """An email backend whose server refuses the connection."""

    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture
def queued_job(org_tree, hothau_secretary, django_capture_on_commit_callbacks):
    # The commit's own hand-over is captured and not run: as if the broker
    # had not answered.
    with django_capture_on_commit_callbacks(execute=False):
        return request_job(
            kind="selftest",
            task_name=SELFTEST_TASK,
            organization=org_tree.hothau,
            params={"steps": 1},
            by=hothau_secretary,
        )


@pytest.mark.smoke
def test_a_second_copy_of_the_task_leaves_a_running_or_finished_job_alone(
    queued_job,
):
    calls = []

    def work(job, progress):
        calls.append(job.pk)
        # The sweeper's copy of the task arrives while this one runs.
        run_job(job.pk, work)
        return JobOutput(b"x", "x.txt")

    run_job(queued_job.pk, work)
    run_job(queued_job.pk, work)
    queued_job.refresh_from_db()
    assert calls == [queued_job.pk]
    assert (queued_job.status, queued_job.runs) == (Job.Status.DONE, 1)


@pytest.mark.smoke
def test_a_redelivered_task_takes_over_the_job_its_dead_worker_held(
    queued_job, monkeypatch
):
    Job.objects.filter(pk=queued_job.pk).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), runs=1
    )
    run_job(queued_job.pk, lambda job, progress: JobOutput(b"x", "x.txt"))
    assert Job.objects.get(pk=queued_job.pk).status == Job.Status.RUNNING

    monkeypatch.setattr(job_service, "_redelivered", lambda: True)
    run_job(queued_job.pk, lambda job, progress: JobOutput(b"x", "x.txt"))
    queued_job.refresh_from_db()
    assert (queued_job.status, queued_job.runs) == (Job.Status.DONE, 2)


@pytest.mark.smoke
def test_a_job_running_longer_than_any_task_may_is_taken_over(queued_job):
    limit = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    Job.objects.filter(pk=queued_job.pk).update(
        status=Job.Status.RUNNING, started_at=timezone.now() - limit, runs=1
    )
    run_job(queued_job.pk, lambda job, progress: JobOutput(b"x", "x.txt"))
    queued_job.refresh_from_db()
    assert (queued_job.status, queued_job.runs) == (Job.Status.DONE, 2)


@pytest.mark.smoke
def test_the_sweeper_finds_what_the_broker_never_got_or_lost(org_tree):
    redispatch = settings.BROKER_REDISPATCH_AFTER / 60
    cases = {
        "never handed over": {"dispatched_at": None, "created_at": minutes_ago(1)},
        "just asked for": {"dispatched_at": None, "created_at": timezone.now()},
        "waiting in the queue": {"dispatched_at": minutes_ago(redispatch - 1)},
        "lost with the broker": {"dispatched_at": minutes_ago(redispatch + 1)},
        "its worker gone": {
            "status": Job.Status.RUNNING,
            "dispatched_at": minutes_ago(redispatch + 1),
            "started_at": minutes_ago(redispatch + 1),
        },
        "running for a minute": {
            "status": Job.Status.RUNNING,
            "dispatched_at": minutes_ago(redispatch + 1),
            "started_at": minutes_ago(1),
        },
        "done": {"status": Job.Status.DONE, "dispatched_at": None},
        "failed": {"status": Job.Status.FAILED, "dispatched_at": None},
    }
    ids = {}
    for name, fields in cases.items():
        job = JobFactory(organization=org_tree.hothau)
        Job.objects.filter(pk=job.pk).update(
            created_at=fields.pop("created_at", minutes_ago(redispatch + 2)),
            **fields,
        )
        ids[job.pk] = name
    found = {ids[pk] for pk in waiting_jobs().values_list("pk", flat=True)}
    assert found == {"never handed over", "lost with the broker", "its worker gone"}


def _notes(org_tree, django_capture_on_commit_callbacks, *, execute: bool):
    with django_capture_on_commit_callbacks(execute=execute):
        notify_secretaries(org_tree.hothau, "Quyết định số 12-QĐ/HU", "/x/")
    return Notification.objects.filter(organization=org_tree.hothau)


@pytest.mark.smoke
def test_each_secretary_is_mailed_once_by_the_task_not_the_request(
    org_tree,
    hothau_secretary,
    in_process_tasks,
    django_capture_on_commit_callbacks,
):
    hothau_secretary.email = "hothau@example.vn"
    hothau_secretary.save()
    RoleAssignmentFactory(
        user=UserFactory(email="huyen@example.vn"),
        organization=org_tree.district,
        role=Role.SECRETARY,
    )
    notes = _notes(org_tree, django_capture_on_commit_callbacks, execute=True)
    # One mail each: a secretary does not learn the other's address.
    assert sorted(m.to for m in mail.outbox) == [
        ["hothau@example.vn"],
        ["huyen@example.vn"],
    ]
    assert all(n.mail_sent_at and n.mail_attempts == 1 for n in notes)
    assert sweep() == 0
    assert len(mail.outbox) == 2


@pytest.mark.smoke
def test_a_refused_mail_is_kept_and_sent_by_the_sweeper_later(
    org_tree,
    hothau_secretary,
    in_process_tasks,
    django_capture_on_commit_callbacks,
    settings,
):
    hothau_secretary.email = "hothau@example.vn"
    hothau_secretary.save()
    settings.EMAIL_BACKEND = f"{__name__}.RefusingMail"
    notes = _notes(org_tree, django_capture_on_commit_callbacks, execute=True)
    note = notes.get(recipient=hothau_secretary)
    # The notification stands; the mail waits with its reason.
    assert note.mail_sent_at is None
    assert note.mail_attempts == 1
    assert "ConnectionRefusedError" in note.mail_error
    assert mail.outbox == []
    # Its task tries again: the sweeper leaves it alone until that gives up.
    assert waiting_mails().count() == 0

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Notification.objects.filter(pk=note.pk).update(
        created_at=minutes_ago(60), mail_queued_at=minutes_ago(60)
    )
    assert sweep() == 1
    note.refresh_from_db()
    assert note.mail_sent_at is not None
    assert note.mail_attempts == 2
    assert [m.to for m in mail.outbox] == [["hothau@example.vn"]]
    assert waiting_mails().count() == 0

    # A mail refused too often is left for an administrator.
    Notification.objects.filter(pk=note.pk).update(
        mail_sent_at=None, mail_attempts=MAIL_GIVE_UP_AFTER
    )
    assert waiting_mails().count() == 0
