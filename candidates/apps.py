from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = _("Candidates")

    def ready(self) -> None:
        from organizations.models.jobs import JOB_KIND_LABELS

        # Registering the tasks here lets a web process queue them by name.
        from . import tasks  # noqa: F401
        from .golive.queue import GOLIVE_KIND

        JOB_KIND_LABELS[GOLIVE_KIND] = _("Going-live import")

        # A change of the tree checks the decisions already taken and takes a
        # merged organization's open dossiers along: the tree lives below this
        # app and asks through the lists it keeps.
        from organizations.services import tree

        from .review.services.competence import (
            carry_open_dossiers,
            decisions_contradicted,
        )

        if decisions_contradicted not in tree.LATER_RECORD_CHECKS:
            tree.LATER_RECORD_CHECKS.append(decisions_contradicted)
        if carry_open_dossiers not in tree.CARRIED_ALONG:
            tree.CARRIED_ALONG.append(carry_open_dossiers)
