"""Asking for a document: a Job on the documents queue. The same document with
the same inputs returns the job already made; a correction of a meeting raises
its revision, so its documents are rendered anew and the old files stay."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied

from candidates.models import DecisionNumber, ReviewMeeting
from members.models import Member
from organizations.jobs import request_job
from organizations.models import Job, Organization, User
from organizations.selectors import Permission, can

from .kinds import DOCUMENTS_QUEUE, DOCUMENTS_TASK, KINDS

MEETING_DOCUMENTS = ("meeting_dossier", "minutes")


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


def _committee_reader(meeting: ReviewMeeting, by: User) -> None:
    # Meeting documents are for the committee's own people, not a secretary
    # or viewer lower down who happens to read part of the subtree.
    if not can(by, Permission.DECIDE, meeting.committee):
        raise PermissionDenied


def request_meeting_document(meeting: ReviewMeeting, kind: str, *, by: User) -> Job:
    if kind not in MEETING_DOCUMENTS:
        raise ValueError(kind)
    _committee_reader(meeting, by)
    params = {"meeting": meeting.pk, "revision": meeting.revision}
    return _request(kind, meeting.committee, params, by)


def request_decision(number: DecisionNumber, *, by: User) -> Job:
    meeting = number.agenda_item.meeting
    _committee_reader(meeting, by)
    params = {"decision": number.pk, "revision": meeting.revision}
    return _request("decision", meeting.committee, params, by)


def request_member_sheet(member: Member, *, by: User) -> Job:
    params = {"member": member.pk, "version": member.updated_at.isoformat()}
    return _request("member_sheet", member.organization, params, by)


def request_cell_list(
    organization: Organization, *, day: datetime.date, by: User
) -> Job:
    params = {"organization": organization.pk, "day": day.isoformat()}
    return _request("cell_list", organization, params, by)
