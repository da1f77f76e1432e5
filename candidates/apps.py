from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = _("Candidates")

    def ready(self) -> None:
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
