from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Organizations")

    def ready(self) -> None:
        from . import signals  # noqa: F401 (connects the audit of sign-ins)
        from .models.jobs import JOB_KIND_LABELS
        from .tasks import SELFTEST_KIND  # also registers the task by name

        JOB_KIND_LABELS[SELFTEST_KIND] = _("Background processing test")
