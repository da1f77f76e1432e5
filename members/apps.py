from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from organizations.models.jobs import JOB_KIND_LABELS

        # Registering the tasks here lets a web process queue them by name.
        from . import tasks  # noqa: F401
        from .exports import EXPORT_KIND
        from .imports.queue import IMPORT_KIND

        JOB_KIND_LABELS[IMPORT_KIND] = _("Member import")
        JOB_KIND_LABELS[EXPORT_KIND] = _("Member export")
