"""Discipline and yearly quality ratings in the demo history (demo assumptions):
about one member in two hundred disciplined in a year, mostly reprimands; every
member rated for last year the way cells usually rate (about 15 % excellent,
within the cap, 65 % good, 17 % completed, 3 % not completed), leaving out the
exempt and those admitted in the last six months of the year."""

import datetime
import random
from collections import defaultdict
from collections.abc import Callable
from fractions import Fraction

from members.models import DisciplineLevel, Exemption, Member, MemberEvent, Rating
from organizations.calendar import add_months
from organizations.models import User
from organizations.rules import rule_value

LEVELS = [
    (Rating.Level.EXCELLENT, 15),
    (Rating.Level.GOOD, 65),
    (Rating.Level.COMPLETED, 17),
    (Rating.Level.FAILED, 3),
]
DISCIPLINE = [
    (DisciplineLevel.REPRIMAND, 7),
    (DisciplineLevel.WARNING, 3),
]


def conduct(
    members: list[Member],
    exemptions: list[Exemption],
    rng: random.Random,
    today: datetime.date,
    *,
    by: User,
    grassroots_of: Callable[[Member], int],
) -> tuple[list[Rating], list[MemberEvent]]:
    year = today.year - 1
    year_end = datetime.date(year, 12, 31)
    exempt = {
        e.member.pk
        for e in exemptions
        if e.start <= year_end and (e.end is None or e.end > year_end)
    }
    ratings: list[Rating] = []
    events: list[MemberEvent] = []
    levels, weights = [lvl for lvl, _w in LEVELS], [w for _l, w in LEVELS]
    for member in members:
        current = member.end_date is None or member.end_date > year_end
        if not current or member.ceremony_date > year_end:
            continue
        if member.pk in exempt or member.ceremony_date > add_months(year_end, -6):
            continue
        level = rng.choices(levels, weights=weights)[0]
        ratings.append(Rating(member=member, year=year, level=level))
        events.append(
            MemberEvent(
                member=member,
                kind=MemberEvent.Kind.RATED,
                on=year_end,
                organization=member.organization,
                data={"year": year, "level": level, "previous": ""},
                recorded_by=by,
            )
        )
        if rng.random() < 0.005 * 8:
            # Some time in the last eight years, after they became official.
            start = max(
                member.official_date or member.ceremony_date,
                year_end.replace(year=year - 7),
            )
            if start >= year_end:
                continue
            day = start + datetime.timedelta(
                days=rng.randint(0, (year_end - start).days)
            )
            level_kind = rng.choices(
                [d for d, _w in DISCIPLINE], weights=[w for _d, w in DISCIPLINE]
            )[0]
            events.append(
                MemberEvent(
                    member=member,
                    kind=MemberEvent.Kind.DISCIPLINED,
                    on=day,
                    organization=member.organization,
                    decision_number=f"{rng.randint(1, 90)}-QĐ/ĐU",
                    decision_date=day,
                    decided_by="Đảng ủy xã",
                    data={"level": level_kind},
                    recorded_by=by,
                )
            )
    _within_the_cap(ratings, grassroots_of, year_end)
    rated = {id(r.member): r.level for r in ratings}
    for event in events:
        if event.kind == MemberEvent.Kind.RATED:
            event.data["level"] = rated[id(event.member)]
    return ratings, events


def _within_the_cap(
    ratings: list[Rating],
    grassroots_of: Callable[[Member], int],
    year_end: datetime.date,
) -> None:
    """Excellent ratings kept within the rule's share of good-or-better, per
    grassroots organization; the extra ones become good."""
    cap = Fraction(str(rule_value("rating.excellent_cap_fraction", year_end)))
    by_grassroots: dict[int, list[Rating]] = defaultdict(list)
    for rating in ratings:
        by_grassroots[grassroots_of(rating.member)].append(rating)
    for rows in by_grassroots.values():
        excellent = [r for r in rows if r.level == Rating.Level.EXCELLENT]
        good_or_better = len(excellent) + sum(
            r.level == Rating.Level.GOOD for r in rows
        )
        allowed = int(cap * good_or_better)
        for rating in excellent[allowed:]:
            rating.level = Rating.Level.GOOD
