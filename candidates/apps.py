from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = _("Candidates")

    def ready(self) -> None:
        # A change of the tree checks the decisions already taken: the tree
        # lives below this app and asks through the list it keeps.
        from organizations.services import tree

        from .review.services.competence import decisions_contradicted

        if decisions_contradicted not in tree.LATER_RECORD_CHECKS:
            tree.LATER_RECORD_CHECKS.append(decisions_contradicted)
