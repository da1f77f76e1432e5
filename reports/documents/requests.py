"""Asking for a document: a Job on the documents queue. The same document with
the same inputs returns the job already made; a correction of a meeting raises
its revision, so its documents are rendered anew and the old files stay.
request_job refuses (PermissionDenied) anyone who does not read the
organization; the views have answered 404 before that for objects out of scope."""

import datetime
import hashlib
import json
from typing import Any

from candidates.cell_forms import CellForm
from candidates.models import Candidate, DecisionNumber, Recognition, ReviewMeeting
from members.models import Member, Transfer
from organizations.models import Job, Organization, User
from organizations.services.jobs import request_job

from .kinds import DOCUMENTS_QUEUE, DOCUMENTS_TASK, KINDS

MEETING_DOCUMENTS = ("meeting_dossier", "minutes", "decisions")


def _request(
    kind: str, organization: Organization, params: dict[str, Any], by: User
) -> Job:
    return request_job(
        kind=kind,
        task_name=DOCUMENTS_TASK,
        organization=organization,
        params=params,
        by=by,
        queue=DOCUMENTS_QUEUE,
        shared_with_committee=KINDS[kind].committee,
    )


def _state(meeting: ReviewMeeting) -> str:
    """What a meeting's documents print, in short: while it is prepared the
    agenda, attendance, secretary and proposal change, and a dossier asked
    for before a change is not the one asked for after it."""
    items = meeting.items.order_by("pk").values_list(
        "pk",
        "position",
        "outcome",
        "votes_for",
        "votes_against",
        "abstaining",
        "reason",
        "note",
    )
    present = sorted(meeting.attendees.values_list("pk", flat=True))
    seen = [
        meeting.status,
        meeting.secretary_id,
        meeting.chair_id,
        meeting.proposal_number_id,
        meeting.minutes_number_id,
        present,
        list(items),
    ]
    return hashlib.sha256(json.dumps(seen, default=str).encode()).hexdigest()[:16]


def request_meeting_document(meeting: ReviewMeeting, kind: str, *, by: User) -> Job:
    if kind not in MEETING_DOCUMENTS:
        raise ValueError(kind)
    params = {
        "meeting": meeting.pk,
        "revision": meeting.revision,
        "state": _state(meeting),
    }
    return _request(kind, meeting.committee, params, by)


def request_decision(number: DecisionNumber, *, by: User) -> Job:
    meeting = number.agenda_item.meeting
    params = {"decision": number.pk, "revision": meeting.revision}
    return _request("decision", meeting.committee, params, by)


def request_member_sheet(member: Member, *, by: User) -> Job:
    params = {"member": member.pk, "version": member.updated_at.isoformat()}
    return _request("member_sheet", member.organization, params, by)


def request_cell_form(
    form: CellForm,
    subject: Candidate | Recognition | Transfer,
    *,
    by: User,
    introducer: int | None = None,
) -> Job:
    """A paper of the cell's, as the dossier (or transfer) stands: recording
    a step changes it, and the paper asked for after is rendered anew."""
    params: dict[str, Any] = {
        form.subject: subject.pk,
        "version": subject.updated_at.isoformat(),
    }
    if introducer is not None:
        params["introducer"] = introducer
    organization = (
        subject.from_organization
        if isinstance(subject, Transfer)
        else subject.organization
    )
    return _request(form.kind, organization, params, by)


def request_cell_list(
    organization: Organization, *, day: datetime.date, by: User
) -> Job:
    params = {"organization": organization.pk, "day": day.isoformat()}
    return _request("cell_list", organization, params, by)
