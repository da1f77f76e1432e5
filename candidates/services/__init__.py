"""Every change to a candidate: one function per verb (DOMAIN.md §1.17). Each
checks who may act, locks the row, checks its guards (raising Blocked with
every unmet rule), writes, recomputes the stage and appends to the stage log,
all in one transaction."""

from .base import CELL_KINDS
from .committee import (
    appraise,
    competent_committee,
    extend_decision_deadline,
    return_for_correction,
    submit,
)
from .intake import (
    add_introducer,
    add_verification,
    answer_verification,
    assign_mentor,
    introduce_candidate,
    pause,
    record_certificate,
    record_dates,
    record_provincial_consent,
    resume,
    upload_document,
)
from .votes import (
    record_cell_vote,
    record_grassroots_vote,
    record_subcommittee_appraisal,
    vote_rule_problems,
)

__all__ = [
    "CELL_KINDS",
    "add_introducer",
    "add_verification",
    "answer_verification",
    "appraise",
    "assign_mentor",
    "competent_committee",
    "extend_decision_deadline",
    "introduce_candidate",
    "pause",
    "record_cell_vote",
    "record_certificate",
    "record_dates",
    "record_grassroots_vote",
    "record_provincial_consent",
    "record_subcommittee_appraisal",
    "resume",
    "return_for_correction",
    "submit",
    "upload_document",
    "vote_rule_problems",
]
