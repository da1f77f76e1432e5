from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from organizations.models.jobs import JOB_KIND_LABELS

        # Registering the task here lets a web process queue it by name.
        from . import tasks  # noqa: F401
        from .documents.kinds import KINDS
        from .statistics.files import KIND_LABELS

        for kind, spec in KINDS.items():
            JOB_KIND_LABELS[kind] = spec.label
        JOB_KIND_LABELS.update(KIND_LABELS)
