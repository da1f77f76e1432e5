"""The probationary member's path to recognition as official (DOMAIN.md
§1.14–1.15): a file per probation, gates like a candidate's (mentor, member
records, new-member class, self-review, mentor's remarks, opinions, the cell's
vote with the 2/3 rule, the grassroots committee's resolution), then the
proposal to the competent committee. Three failed cell votes send the case to
the committee above. The decision itself comes with the monthly review."""

from .decisions import (
    appraise,
    competent_committee,
    record_cell_vote,
    record_grassroots_vote,
    return_for_correction,
    submit,
)
from .gates import everything_missing, gate_problems
from .steps import (
    assign_mentor,
    open_recognition,
    record_certificate,
    record_dates,
    upload_document,
)

__all__ = [
    "appraise",
    "assign_mentor",
    "competent_committee",
    "everything_missing",
    "gate_problems",
    "open_recognition",
    "record_cell_vote",
    "record_certificate",
    "record_dates",
    "record_grassroots_vote",
    "return_for_correction",
    "submit",
    "upload_document",
]
