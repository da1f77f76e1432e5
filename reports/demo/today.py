"""The demo district from 2019 to today, at the article's pace (demo assumptions):
about 200 admissions a year, recognitions at the end of probation (the last few
weeks' still due), deaths mostly among the elderly, a dozen transfers between
organizations a year, and elderly members exempt from activities. Nothing here
touches the figures as at 31/12/2018.

A few members' admission is dated from the day, not drawn: some whose
probation ended some five weeks before the last review day, so their files were
appraised in time for that meeting, which recognizes them; some admitted in the
last days, whose files are just opened; whatever the day the demo is built."""

import datetime
import random
from dataclasses import dataclass, field

from members.models import Exemption, Member, MemberEvent, Placement, Transfer
from members.services.recording import opening_placement
from organizations.calendar import add_months
from organizations.models import Organization, User

from .district import DemoDistrict
from .people import AS_AT, PeopleFactory
from .review import last_and_next

ADMISSIONS_PER_YEAR = (185, 215)
MOVES_PER_YEAR = 12
# Recognition is recorded a few weeks after probation ends; the rest are due.
RECOGNITION_LAG_DAYS = 45
RECOGNIZED_AT_LAST_MEETING = 4
WAITING_FOR_RECOGNITION = 2
JUST_ADMITTED = 2
# The latest a demo ceremony follows its decision (see PeopleFactory.person).
CEREMONY_WITHIN = datetime.timedelta(days=35)


@dataclass
class Move:
    member: Member
    source: Organization
    introduced_on: datetime.date
    received_on: datetime.date


@dataclass
class Later:
    admitted: list[Member] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    exempt: list[tuple[Member, datetime.date]] = field(default_factory=list)


def _admit(
    district: DemoDistrict, factory: PeopleFactory, today: datetime.date
) -> list[Member]:
    rng, admitted = factory.rng, []
    cells = [
        (org, cell) for org in district.grassroots for cell in district.cells[org.pk]
    ]
    for year in range(AS_AT.year + 1, today.year + 1):
        for _ in range(rng.randint(*ADMISSIONS_PER_YEAR)):
            grassroots, cell = rng.choice(cells)
            decided = factory.decision_date(year)
            if year < today.year and decided + CEREMONY_WITHIN > today:
                # A past year's count is whole: a December decision that could
                # still await its ceremony is made in November instead.
                decided = factory.decision_date(year, 11)
            member = factory.person(cell, decided, cell_of=grassroots)
            if member.ceremony_date > today:
                continue  # decided, awaiting the ceremony: still a candidate
            ends = add_months(member.ceremony_date, 12)
            if (today - ends).days < RECOGNITION_LAG_DAYS:
                member.status, member.official_date = Member.Status.PROBATIONARY, None
            admitted.append(member)
    return admitted


def _deaths(members: list[Member], rng: random.Random, today: datetime.date) -> None:
    for member in members:
        if member.end_date is not None:
            continue
        for year in range(AS_AT.year + 1, today.year + 1):
            age = year - member.birth_date.year
            if rng.random() < (0.035 if age >= 70 else 0.012 if age >= 60 else 0.001):
                day = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
                if member.ceremony_date < day < today:
                    member.end_date, member.end_reason = day, Member.Status.DECEASED
                    member.status = Member.Status.DECEASED
                break


def _dated_from_the_review_days(
    district: DemoDistrict,
    admitted: list[Member],
    factory: PeopleFactory,
    today: datetime.date,
) -> None:
    """Re-date a few living members' admission, within its year: some whose
    probation ended 31 to 55 days before the last review day (their files are
    appraised 30 days after the end, see probation.py, and that meeting
    recognizes them), some whose files were appraised since (they wait for the
    next meeting), and some in Hồ Thầu admitted in the last days (their files
    are just opened; one of them is the probationary introducer pipeline.py
    needs). A decision that falls in this year before any other is a new
    member: this year's count is not whole yet."""
    rng = factory.rng
    held, _upcoming = last_and_next(today)
    since = (today - held).days
    ends = [
        *(
            held - datetime.timedelta(days=rng.randint(31, 55))
            for _ in range(RECOGNIZED_AT_LAST_MEETING)
        ),
        # Appraised after the last review day: for the next meeting.
        *(
            held + datetime.timedelta(days=rng.randint(1, since) - 30)
            for _ in range(WAITING_FOR_RECOGNITION)
        ),
    ]
    hothau = next(g for g in district.grassroots if g.code == "HSP-HOTHAU")
    ceremonies = [(add_months(end, -12), None) for end in ends] + [
        (today - datetime.timedelta(days=rng.randint(0, 5)), hothau)
        for _ in range(JUST_ADMITTED)
    ]
    chosen: set[int] = set()
    for ceremony, home in ceremonies:
        decided = ceremony - datetime.timedelta(days=rng.randint(10, 20))
        while decided.weekday() >= 5:
            decided -= datetime.timedelta(days=1)
        same_year = [
            m
            for m in admitted
            if m.end_date is None
            and m.admission_decision_date.year == decided.year
            and id(m) not in chosen
        ]
        if same_year:
            member = rng.choice(same_year)
            member.birth_date += decided - member.admission_decision_date
        else:
            grassroots = home or rng.choice(district.grassroots)
            cell = rng.choice(district.cells[grassroots.pk])
            member = factory.person(cell, decided, cell_of=grassroots)
            admitted.append(member)
        chosen.add(id(member))
        if home is not None:
            member.organization = rng.choice(district.cells[home.pk])
        member.admission_decision_date, member.ceremony_date = decided, ceremony
        member.status, member.official_date = Member.Status.PROBATIONARY, None


def carry_on(
    district: DemoDistrict,
    members: list[Member],
    rng: random.Random,
    today: datetime.date,
) -> Later:
    """Change the in-memory rows up to `today` and return what else happened."""
    factory = PeopleFactory(rng)
    later = Later(admitted=_admit(district, factory, today))
    _deaths(members + later.admitted, rng, today)
    _dated_from_the_review_days(district, later.admitted, factory, today)
    everyone = members + later.admitted
    holding = [cell for org in district.grassroots for cell in district.cells[org.pk]]
    moved: set[int] = set()  # id() of the rows: unsaved rows have no pk yet
    for year in range(AS_AT.year + 1, today.year + 1):
        movers = [
            m
            for m in everyone
            if m.end_date is None
            and m.status == Member.Status.OFFICIAL
            and m.ceremony_date.year < year
            and id(m) not in moved
        ]
        for member in rng.sample(movers, MOVES_PER_YEAR):
            introduced = datetime.date(year, rng.randint(1, 11), rng.randint(1, 28))
            received = introduced + datetime.timedelta(days=rng.randint(7, 40))
            if received >= today:
                continue
            later.moves.append(Move(member, member.organization, introduced, received))
            moved.add(id(member))
            member.organization = rng.choice(
                [c for c in holding if c != member.organization]
            )
    for member in everyone:
        elderly = today.year - member.birth_date.year >= 75
        if member.end_date is None and elderly and rng.random() < 0.4:
            start = datetime.date(rng.randint(AS_AT.year + 1, today.year), 3, 1)
            if start < today:
                later.exempt.append((member, start))
    return later


def placements(members: list[Member], later: Later) -> list[Placement]:
    moved = {move.member.pk: move for move in later.moves}
    rows = []
    for member in members:
        first = opening_placement(member)
        move = moved.get(member.pk)
        if move is not None:
            first.organization, first.end = move.source, move.received_on
            second = opening_placement(member)
            second.start, second.opens_period = move.received_on, False
            rows.append(second)
        rows.append(first)
    return rows


def records(
    later: Later, *, by: User
) -> tuple[list[Transfer], list[Exemption], list[MemberEvent]]:
    """The transfers, exemptions and their events (the members must be saved)."""
    transfers, exemptions, events = [], [], []
    for move in later.moves:
        transfers.append(
            Transfer(
                member=move.member,
                from_organization=move.source,
                to_organization=move.member.organization,
                status=Transfer.Status.RECEIVED,
                introduced_on=move.introduced_on,
                introduction_number=f"{move.member.pk % 97 + 1}-GGT",
                present_by=move.introduced_on + datetime.timedelta(days=42),
                received_on=move.received_on,
                started_by=by,
                finished_by=by,
            )
        )
        for kind, on, org in (
            (MemberEvent.Kind.TRANSFER_STARTED, move.introduced_on, move.source),
            (
                MemberEvent.Kind.TRANSFER_RECEIVED,
                move.received_on,
                move.member.organization,
            ),
        ):
            events.append(
                MemberEvent(
                    member=move.member,
                    kind=kind,
                    on=on,
                    organization=org,
                    recorded_by=by,
                )
            )
    for member, start in later.exempt:
        reason = "Tuổi cao, sức yếu"
        exemptions.append(Exemption(member=member, start=start, reason=reason))
        events.append(
            MemberEvent(
                member=member,
                kind=MemberEvent.Kind.EXEMPTED,
                on=start,
                organization=member.organization,
                note=reason,
                recorded_by=by,
            )
        )
    return transfers, exemptions, events
