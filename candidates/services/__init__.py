"""Every change to a dossier: one function per verb (DOMAIN.md §1.17,
§1.14–1.15). Each takes the verb through the stage machine in pipeline.py
(who may, the row lock, the stages it is allowed in), checks its rules
(raising Blocked with every unmet one), writes, and moves the dossier (its
stage and log row), all in one transaction.

- dossier: the verbs both paths share: mentor, class certificate, papers,
  documents, submit, return for correction, appraise;
- votes: the cell's vote and the grassroots committee's resolution (both
  paths), the sub-committee's appraisal;
- admission: what only a candidate has: introduction, verifications,
  provincial consent, the deadline extension, pause, withdraw, resume, and
  the ceremony that makes the candidate a member;
- details: the candidate's own details, completed, or corrected with a reason;
- introducers: adding one, taking one back with a reason;
- papers: the dates of the cell's signed papers (a changed one with a reason);
- corrections, step_corrections: putting right a step recorded wrongly
  (votes; verification requests and answers, the class certificate, the
  sub-committee's appraisal, the provincial consent), with a reason;
- probation: opening a probation file;
- classes: opening a training class, enrolling, recording results;
- targets: registering and confirming a yearly admission target.

The monthly review (registers, meetings, outcomes, corrections) keeps its own
services in candidates/review/services/."""

from .admission import (
    CELL_KINDS,
    add_verification,
    answer_verification,
    extend_decision_deadline,
    introduce_candidate,
    pause,
    record_ceremony,
    record_provincial_consent,
    resume,
    withdraw,
)
from .corrections import correct_cell_vote, correct_grassroots_vote
from .details import correct_details
from .dossier import (
    appraise,
    assign_mentor,
    move,
    record_certificate,
    return_for_correction,
    submit,
    take,
    upload_document,
)
from .introducers import add_introducer, remove_introducer
from .papers import record_papers
from .probation import open_recognition
from .step_corrections import (
    correct_answer,
    correct_certificate,
    correct_consent,
    correct_request,
    correct_subcommittee_appraisal,
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
    "correct_answer",
    "correct_cell_vote",
    "correct_certificate",
    "correct_consent",
    "correct_details",
    "correct_grassroots_vote",
    "correct_request",
    "correct_subcommittee_appraisal",
    "extend_decision_deadline",
    "introduce_candidate",
    "move",
    "open_recognition",
    "pause",
    "record_cell_vote",
    "record_ceremony",
    "record_certificate",
    "record_grassroots_vote",
    "record_papers",
    "record_provincial_consent",
    "record_subcommittee_appraisal",
    "remove_introducer",
    "resume",
    "return_for_correction",
    "submit",
    "take",
    "upload_document",
    "vote_rule_problems",
    "withdraw",
]
