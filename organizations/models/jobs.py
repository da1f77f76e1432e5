from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from .tree import Organization

# Human names of the job kinds; each app adds its own kinds in AppConfig.ready().
JOB_KIND_LABELS: dict[str, StrOrPromise] = {}


class Job(models.Model):
    """A piece of background work (a document, an import, an export) and its outcome.

    Created only through organizations.services.jobs.request_job; the task named in
    `task_name` loads the row by id and reports progress, file or error on it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=60)
    task_name = models.CharField(max_length=200)
    queue = models.CharField(max_length=40, default="default")
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="jobs",
        verbose_name=_("organization"),
    )
    params = models.JSONField(_("parameters"), default=dict)
    params_digest = models.CharField(max_length=64, editable=False)
    # The day the job was requested as of: it runs as of that day (deadlines,
    # ages and figures), however long it waits in the queue.
    as_of = models.DateField(_("as of"))
    # Documents of a committee are shared with its org_staff and standing committee.
    shared_with_committee = models.BooleanField(default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(_("file"), upload_to="jobs/%Y/%m/", blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="jobs",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # When the task was last handed to the broker; empty while the broker could
    # not be reached (the sweeper hands it over once it answers).
    dispatched_at = models.DateTimeField(
        _("handed to the workers"), null=True, blank=True
    )
    # How many times a worker started it: more than one only when a worker died
    # in the middle and the task was delivered again.
    runs = models.PositiveSmallIntegerField(_("runs"), default=0)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["kind", "organization", "params_digest"]),
            models.Index(
                fields=["dispatched_at"],
                name="job_unfinished",
                condition=models.Q(status__in=["queued", "running"]),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="job_progress_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("organizations:job", args=[self.pk])

    @property
    def kind_label(self) -> StrOrPromise:
        return JOB_KIND_LABELS.get(self.kind, self.kind)

    @property
    def is_pdf(self) -> bool:
        return self.filename.endswith(".pdf")

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
