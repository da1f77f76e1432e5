"""What each document shows, read from the registry: nothing is typed twice."""

import base64
from typing import Any

from candidates.dossier_checks import passed_vote
from candidates.models import (
    AgendaItem,
    Candidate,
    DecisionNumber,
    Recognition,
    ReviewMeeting,
    Vote,
)
from candidates.pipeline import everything_missing
from candidates.review.services.meetings import counts
from candidates.rules import age_problems, certificate_problems
from candidates.selectors import ceremony_deadline
from members.models import Member
from organizations.models import Organization
from organizations.signers import (
    committee_members,
    department_signer,
    organization_signer,
    standing_signer,
)

from .issuer import header


def _appraisal(subject: Candidate | Recognition) -> str:
    entry = subject.log.filter(action="appraise").order_by("-at", "-pk").first()
    return entry.note if entry else ""


def _in_order(votes: Any) -> list[Any]:
    # Sorted here, not by the database: the meeting's votes are prefetched.
    return sorted(votes.all(), key=lambda v: (v.held_on, v.pk))


def _flags(candidate: Candidate) -> list[str]:
    """Every rule the dossier breaks as the meeting sees it: what is missing,
    and age and certificate judged at the cell vote."""
    problems = everything_missing(candidate)
    vote = passed_vote(candidate, Vote.Body.CELL)
    if vote is not None:
        problems += age_problems(candidate, vote.held_on)
        problems += certificate_problems(candidate, vote.held_on)
    return [str(p.message) for p in problems]


def candidate_summary(candidate: Candidate) -> dict[str, Any]:
    certified = sorted(
        (e for e in candidate.enrolments.all() if e.certificate_on),
        key=lambda e: (e.certificate_on, e.pk),
    )
    return {
        "candidate": candidate,
        "enrolment": certified[-1] if certified else None,
        "introducers": candidate.introducers.all(),
        "votes": _in_order(candidate.votes),
        "appraisal": _appraisal(candidate),
        "flags": _flags(candidate),
    }


def recognition_summary(recognition: Recognition) -> dict[str, Any]:
    return {
        "recognition": recognition,
        "member": recognition.member,
        "votes": _in_order(recognition.votes),
        "appraisal": _appraisal(recognition),
    }


def _items(meeting: ReviewMeeting) -> list[AgendaItem]:
    # What the summaries and their rule checks read, fetched for all at once.
    return list(
        meeting.items.select_related(
            "candidate__organization__parent",
            "candidate__ethnicity",
            "recognition__member__organization",
            "decision__register",
        )
        .prefetch_related(
            "candidate__documents",
            "candidate__introducers__member__organization",
            "candidate__verifications",
            "candidate__votes",
            "candidate__enrolments__training_class",
            "recognition__votes",
        )
        .order_by("position", "pk")
    )


def meeting_context(meeting: ReviewMeeting) -> dict[str, Any]:
    """The meeting dossier and the minutes: the proposal under the
    organization committee's header with its number and day once issued, the
    minutes under the committee's with theirs once the meeting is locked."""
    items = _items(meeting)
    proposal, minutes = meeting.proposal_number, meeting.minutes_number
    return {
        "meeting": meeting,
        "items": items,
        "summaries": [
            candidate_summary(i.candidate)
            if i.candidate
            else recognition_summary(i.recognition)  # type: ignore[arg-type]
            for i in items
        ],
        "members": committee_members(meeting.committee, meeting.held_on),
        "present": list(meeting.attendees.order_by("full_name", "username")),
        "counts": counts(meeting),
        "corrections": meeting.corrections.select_related("item", "by"),
        "header": header(meeting.committee, meeting.held_on),
        "minutes_header": header(
            meeting.committee,
            meeting.held_on,
            number=minutes.label if minutes else "",
        ),
        "proposal_header": header(
            meeting.committee,
            proposal.dated if proposal else meeting.held_on,
            number=proposal.label if proposal else "",
            department="Ban Tổ chức",
        ),
        "proposal_signer": department_signer(
            meeting.committee, proposal.dated if proposal else meeting.held_on
        ),
    }


DECISION_ROWS = (
    "register",
    "agenda_item__meeting__committee",
    "agenda_item__meeting__chair",
    "agenda_item__candidate__organization",
    "agenda_item__candidate__ethnicity",
    "agenda_item__recognition__member__organization",
)


def decision_context(number: DecisionNumber) -> dict[str, Any]:
    """What a decision names: the person, the resolutions behind it and, for an
    admission, the ceremony deadline. Every key is there for both kinds."""
    item = number.agenda_item
    meeting = item.meeting
    candidate = item.candidate
    member = item.recognition.member if item.recognition else None
    subject = candidate or item.recognition
    assert subject is not None
    return {
        "decision": number,
        "item": item,
        "meeting": meeting,
        "candidate": candidate,
        "member": member,
        "votes": _in_order(subject.votes),
        "ceremony_deadline": ceremony_deadline(candidate) if candidate else None,
        "header": header(meeting.committee, number.dated, number=number.label),
        "signer": standing_signer(meeting.committee, number.dated, meeting.chair),
    }


def decisions_context(meeting: ReviewMeeting) -> dict[str, Any]:
    """Every decision of a locked meeting, for printing them together."""
    numbers = (
        DecisionNumber.objects.filter(agenda_item__meeting=meeting)
        .select_related(*DECISION_ROWS)
        .prefetch_related(
            "agenda_item__candidate__votes", "agenda_item__recognition__votes"
        )
        .order_by("number")
    )
    return {"meeting": meeting, "decisions": [decision_context(n) for n in numbers]}


def _photo(member: Member) -> str:
    """The member's photo for the sheet's photo box, embedded in the page (it
    is kept outside the web root); the box stays empty without one."""
    if not member.photo:
        return ""
    with member.photo.open("rb") as photo:
        return "data:image/jpeg;base64," + base64.b64encode(photo.read()).decode()


def member_sheet_context(member: Member) -> dict[str, Any]:
    return {
        "member": member,
        "photo": _photo(member),
        "events": member.events.order_by("on", "pk"),
        "cards": member.cards.order_by("recorded_at", "pk"),
    }


def cell_list_context(organization: Organization, day: Any) -> dict[str, Any]:
    """The members of an organization grouped by cell, the cells in the
    tree's order and each cell's members by name, with the totals."""
    members = list(
        Member.objects.filter(
            organization__path__startswith=organization.path, end_date__isnull=True
        )
        .select_related("organization", "ethnicity")
        .order_by("organization__path", "sort_key", "pk")
    )
    official = sum(m.status == Member.Status.OFFICIAL for m in members)
    return {
        "organization": organization,
        "members": members,
        "totals": {
            "all": len(members),
            "official": official,
            "probationary": len(members) - official,
            "women": sum(m.sex == Member.Sex.FEMALE for m in members),
        },
        "header": header(organization, day),
        "signer": organization_signer(organization, day),
        "day": day,
    }
