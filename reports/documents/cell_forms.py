"""What each paper a cell writes (candidates/cell_forms.py) prints, in the
layout of its 12-HD/BTCTW form, filled in from what the registry holds. What
must be written and signed by hand is left as dotted lines; a date not yet
known stays blank."""

import dataclasses
import datetime
from typing import Any

from candidates.cell_forms import BLANK_DATE, CellForm
from candidates.dossier_checks import latest_vote
from candidates.models import Candidate, Introducer, Recognition, Vote
from candidates.pipeline import competent_committee
from candidates.rules import grassroots_of
from members.due import probation_end
from members.models import Member, Transfer
from organizations import clock
from organizations.models import Organization
from organizations.signers import organization_signer

from .issuer import Header, header
from .render import committee_title

Dossier = Candidate | Recognition


def _dated(
    organization: Organization, day: datetime.date | None, number: str = ""
) -> Header:
    """The issuing body's header, numbered and dated `day`, or with the date
    left blank for the hand (the tree as it stands today)."""
    if day is not None:
        return header(organization, day, number=number)
    today = header(organization, clock.today())
    place = today.date_line.split(", ngày ")[0]
    return dataclasses.replace(today, date_line=f"{place}, {BLANK_DATE}")


def _resolution_header(organization: Organization, vote: Vote | None) -> Header:
    if vote is None:
        return _dated(organization, None)
    return _dated(organization, vote.held_on, vote.resolution_number)


def _tally(vote: Vote | None) -> dict[str, Any]:
    """The vote as the form writes it: who was absent, the share for."""
    if vote is None or not vote.eligible:
        return {"vote": vote, "absent": None, "share": ""}
    share = f"{vote.votes_for * 100 / vote.eligible:.1f}".replace(".", ",")
    return {
        "vote": vote,
        "absent": max(vote.eligible - vote.present, 0),
        "share": share,
    }


def _deciding(dossier: Dossier) -> str:
    committee = competent_committee(dossier)
    return committee_title(committee.name) if committee else ""


def candidate_form(
    form: CellForm, candidate: Candidate, introducer: int | None = None
) -> dict[str, Any]:
    cell = candidate.organization
    context: dict[str, Any] = {
        "form": form,
        "candidate": candidate,
        "cell": cell,
        "deciding": _deciding(candidate),
        "blank_date": BLANK_DATE,
    }
    if form.code == "3-KNĐ":
        letter = (
            Introducer.objects.select_related("member__organization")
            .filter(candidate=candidate, pk=introducer)
            .first()
            if introducer is not None
            else None
        )
        context["introducer"] = letter
        context["header"] = _dated(cell, letter.letter_on if letter else None)
    elif form.code == "4-KNĐ":
        context["header"] = None
    elif form.code == "6-KNĐ":
        context.update(_resolution(cell, latest_vote(candidate, Vote.Body.CELL)))
    else:
        context.update(_grassroots_resolution(candidate))
    return context


def _resolution(organization: Organization, vote: Vote | None) -> dict[str, Any]:
    """A resolution of `organization` on its vote: numbered and dated by the
    vote once recorded, signed for the organization."""
    return {
        **_tally(vote),
        "header": _resolution_header(organization, vote),
        "signer": organization_signer(
            organization, vote.held_on if vote else clock.today()
        ),
    }


def _grassroots_resolution(dossier: Dossier) -> dict[str, Any]:
    """8-KNĐ and 15-KNĐ: the grassroots committee on the cell's resolution."""
    grassroots = grassroots_of(dossier.organization) or dossier.organization
    return {
        "grassroots": grassroots,
        "grassroots_title": committee_title(grassroots.name),
        "cell_vote": latest_vote(dossier, Vote.Body.CELL),
        **_resolution(grassroots, latest_vote(dossier, Vote.Body.GRASSROOTS)),
    }


def recognition_form(form: CellForm, recognition: Recognition) -> dict[str, Any]:
    member = recognition.member
    cell = member.organization
    context: dict[str, Any] = {
        "form": form,
        "recognition": recognition,
        "member": member,
        "cell": cell,
        "probation_end": probation_end(member),
        "deciding": _deciding(recognition),
        "blank_date": BLANK_DATE,
    }
    if form.code == "13-KNĐ":
        context.update(_resolution(cell, latest_vote(recognition, Vote.Body.CELL)))
    elif form.code == "14-KNĐ":
        sub = cell.parent
        assert sub is not None
        context.update(
            subcommittee=sub,
            cell_vote=latest_vote(recognition, Vote.Body.CELL),
            header=_dated(sub, None),
            signer=organization_signer(sub, clock.today()),
        )
    else:
        context.update(_grassroots_resolution(recognition))
    return context


def transfer_form(form: CellForm, transfer: Transfer) -> dict[str, Any]:
    """The letter the member carries to the receiving organization."""
    grassroots = grassroots_of(transfer.from_organization) or transfer.from_organization
    return {
        "form": form,
        "transfer": transfer,
        "member": transfer.member,
        "official": transfer.member.status == Member.Status.OFFICIAL,
        "header": dataclasses.replace(
            header(grassroots, transfer.introduced_on),
            number=transfer.introduction_number,
        ),
        "signer": organization_signer(grassroots, transfer.introduced_on),
    }
