"""The party rules a candidate's steps must meet (DOMAIN.md §1–§2), each read
from the rule version in force on the date it is judged on. Every check returns
all the rules it finds broken, each with its reason in Vietnamese and the text
it comes from, so a blocked step explains itself in full."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from members.models import Member, Placement
from organizations import clock
from organizations.calendar import (
    add_months,
    last_expired_start,
    latest_start,
    whole_months,
)
from organizations.memo import remembered
from organizations.models import Authority, Organization
from organizations.rules import rule_in_force
from organizations.text import day_label

from .models import (
    Candidate,
    Route,
)
from .models.candidate import EducationException


@dataclass(frozen=True)
class Problem:
    message: str
    source: str = ""
    # What puts it right on a dossier: a verb's slug, or "document:<code>"
    # for a paper to upload (the page links the missing item to its form).
    fix: str = field(default="", compare=False)

    def __str__(self) -> str:
        return f"{self.message} ({self.source})" if self.source else self.message


class Blocked(ValidationError):
    """A step refused, with every unmet rule."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__([str(problem) for problem in problems])


def rule_with_source(key: str, on: datetime.date) -> tuple[object, str]:
    version = rule_in_force(key, on)
    return version.value, version.source


# Eligibility (DOMAIN.md §2), judged at the cell vote.


def age_problems(candidate: Candidate, on: datetime.date) -> list[Problem]:
    low, source = rule_with_source("candidate.age_min_years", on)
    high, _source = rule_with_source("candidate.age_max_years", on)
    months = whole_months(candidate.birth_date, on)
    if months < 12 * int(low):  # type: ignore[call-overload]
        return [
            Problem(
                _(
                    "On %(date)s the candidate is %(years)s years %(months)s months "
                    "old; the minimum is %(low)s full years."
                )
                % {
                    "date": day_label(on),
                    "years": months // 12,
                    "months": months % 12,
                    "low": low,
                },
                source,
            )
        ]
    over_age = months > 12 * int(high)  # type: ignore[call-overload]
    if over_age and not candidate.provincial_consent_on:
        consent, source = rule_with_source(
            "candidate.over_age_needs_provincial_consent", on
        )
        if not consent:
            return []
        return [
            Problem(
                _(
                    "Over %(high)s years old on %(date)s: admission needs the "
                    "written consent of the provincial Standing Committee."
                )
                % {"high": high, "date": day_label(on)},
                source,
            )
        ]
    return []


def consent_problems(candidate: Candidate, on: datetime.date) -> list[Problem]:
    """A re-admission needs the provincial Standing Committee's written
    consent before the decision (DOMAIN.md §1.16)."""
    if candidate.readmission_of_id is None or candidate.provincial_consent_on:
        return []
    _times, source = rule_with_source("candidate.readmission_max_times", on)
    return [
        Problem(
            _(
                "A re-admission needs the written consent of the provincial "
                "Standing Committee; record its date."
            ),
            source,
        )
    ]


def needs_provincial_consent(candidate: Candidate, on: datetime.date) -> bool:
    """Re-admission, the literacy exception, or over the age limit on `on`
    where the rule in force asks the province for it."""
    high, _source = rule_with_source("candidate.age_max_years", on)
    over_age, _source = rule_with_source(
        "candidate.over_age_needs_provincial_consent", on
    )
    literacy, _source = rule_with_source(
        "candidate.education_literacy_needs_provincial_consent", on
    )
    return (
        candidate.readmission_of_id is not None
        or (
            bool(literacy)
            and candidate.education_exception == EducationException.LITERACY
        )
        or (
            bool(over_age) and whole_months(candidate.birth_date, on) > 12 * int(high)  # type: ignore[call-overload]
        )
    )


def education_grade(text: str, on: datetime.date) -> int | None:
    """The grade as the twelve-year system counts it: "9/12" is 9, an old
    ten-year grade by the rule's equivalents ("7/10", the end of level II, is
    9); a grade of a system the rule does not know is not judged."""
    head, _slash, system = text.replace(" ", "").partition("/")
    if not head.isdigit():
        return None
    if system in ("", "12"):
        return int(head)
    equivalents, _source = rule_with_source("candidate.education_grade_equivalents", on)
    grade = equivalents.get(f"{int(head)}/{system}")  # type: ignore[attr-defined]
    return int(grade) if grade is not None else None


def education_problems(candidate: Candidate, on: datetime.date) -> list[Problem]:
    grade = education_grade(candidate.general_education, on)
    exception = candidate.education_exception
    if exception == "literacy":
        needs_consent, source = rule_with_source(
            "candidate.education_literacy_needs_provincial_consent", on
        )
        if candidate.provincial_consent_on or not needs_consent:
            return []
        return [
            Problem(
                _(
                    "Admitting a village elder or head who can read and write needs "
                    "the written consent of the provincial Standing Committee."
                ),
                source,
            )
        ]
    key = (
        "candidate.education_min_grade_difficult_area"
        if exception == "primary"
        else "candidate.education_min_grade"
    )
    minimum, source = rule_with_source(key, on)
    if grade is None or grade < int(minimum):  # type: ignore[call-overload]
        return [
            Problem(
                _("General education %(have)s is below the minimum of grade %(min)s.")
                % {"have": candidate.general_education or "—", "min": minimum},
                source,
            )
        ]
    return []


def certificate_problems(candidate: Candidate, on: datetime.date) -> list[Problem]:
    months, source = rule_with_source("candidate.certificate_validity_months", on)
    certificate = latest_certificate(candidate)
    if certificate is None:
        return [
            Problem(
                _("The awareness class certificate (CN-NTVĐ) is not recorded."), source
            )
        ]
    expires = add_months(certificate, int(months))  # type: ignore[call-overload]
    if on > expires:
        return [
            Problem(
                _(
                    "The awareness class certificate of %(date)s was valid for "
                    "%(months)s months, until %(until)s."
                )
                % {
                    "date": day_label(certificate),
                    "months": months,
                    "until": day_label(expires),
                },
                source,
            )
        ]
    return []


def latest_certificate(candidate: Candidate) -> datetime.date | None:
    # Read through .all(): the enrolments may have been prefetched for a list.
    dates = [
        e.certificate_on
        for e in candidate.enrolments.all()
        if e.result == "passed"
        and e.training_class.kind == "awareness"
        and e.certificate_on
    ]
    return max(dates, default=None)


# Introducers (DOMAIN.md §1.5), judged at each introduction.


def youth_route_required(candidate: Candidate, on: datetime.date) -> Problem | None:
    """A Youth Union member of youth age is introduced by the Youth Union."""
    low, source = rule_with_source("candidate.youth_union_age_min", on)
    high, _source = rule_with_source("candidate.youth_union_age_max", on)
    months = whole_months(candidate.birth_date, on)
    youth = 12 * int(low) <= months < 12 * (int(high) + 1)  # type: ignore[call-overload]
    if candidate.youth_union_member and youth and candidate.route != Route.YOUTH_UNION:
        return Problem(
            _(
                "A Youth Union member aged %(low)s to %(high)s is introduced by the "
                "Youth Union's resolution and one official member."
            )
            % {"low": low, "high": high},
            source,
        )
    return None


def introducer_problems(
    candidate: Candidate,
    member: Member,
    together_since: datetime.date,
    letter_on: datetime.date,
    *,
    replacement: bool = False,
) -> list[Problem]:
    months, source = rule_with_source("candidate.introducer_together_months", letter_on)
    problems = []
    placement = (
        Placement.objects.on(letter_on)
        .filter(member=member)
        .select_related("organization")
        .first()
    )
    if (
        placement is None
        or placement.official_date is None
        or placement.official_date > letter_on
    ):
        problems.append(
            Problem(
                _(
                    "%(name)s is not an official member on %(date)s; a "
                    "probationary member cannot introduce."
                )
                % {"name": member.full_name, "date": day_label(letter_on)},
                source,
            )
        )
    grassroots = grassroots_of(candidate.organization)
    if (
        placement is not None
        and grassroots is not None
        and not placement.organization.path.startswith(grassroots.path)
    ):
        problems.append(
            Problem(
                _(
                    "%(name)s belongs to %(org)s, not to the candidate's "
                    "grassroots organization."
                )
                % {"name": member.full_name, "org": placement.organization.name},
                source,
            )
        )
    latest = latest_start(letter_on, int(months))  # type: ignore[call-overload]
    if not replacement and together_since > latest:
        problems.append(
            Problem(
                _(
                    "%(name)s has known the candidate since %(since)s, less "
                    "than %(months)s months before the introduction."
                )
                % {
                    "name": member.full_name,
                    "since": day_label(together_since),
                    "months": months,
                },
                source,
            )
        )
    if letter_on < together_since:
        problems.append(
            Problem(_("The introduction cannot come before the time together began."))
        )
    return problems


def introducers_needed(candidate: Candidate, on: datetime.date) -> int:
    """Official members who introduce: two, or one beside the union's
    resolution (Charter art. 4.1), by the rule in force on `on`."""
    key = (
        "candidate.introducers_members_route"
        if candidate.route == Route.MEMBERS
        else "candidate.introducers_union_route"
    )
    needed, _source = rule_with_source(key, on)
    return int(needed)  # type: ignore[call-overload]


# Freshness of the dossier (DOMAIN.md §1.7), judged at the cell vote.


def freshness_problems(candidate: Candidate, on: datetime.date) -> list[Problem]:
    months, source = rule_with_source("candidate.dossier_freshness_months", on)
    stale_up_to = last_expired_start(on, int(months))  # type: ignore[call-overload]
    papers: list[tuple[str, datetime.date | None]] = [
        (
            _("the introduction letter of %(name)s") % {"name": i.member.full_name},
            i.letter_on,
        )
        for i in candidate.introducers.select_related("member")
    ]
    if candidate.route != Route.MEMBERS:
        papers.append((_("the union's resolution"), candidate.union_resolution_on))
    papers.append((_("the summary of opinions"), candidate.opinions_on))
    return [
        Problem(
            _(
                "%(paper)s dated %(date)s is more than %(months)s months old on "
                "%(on)s; redo it."
            )
            % {
                "paper": paper,
                "date": day_label(day),
                "months": months,
                "on": day_label(on),
            },
            source,
        )
        for paper, day in papers
        if day is not None and day <= stale_up_to
    ]


def grassroots_of(organization: Organization) -> Organization | None:
    """The organization's TCCSĐ, looked up once per request or job."""
    return remembered(("grassroots", organization.pk), organization.grassroots)


def deciding_committee(
    organization: Organization, on: datetime.date | None = None
) -> Organization | None:
    """The nearest committee above with the power to admit on `on` (today when
    not given), on the tree as it stood that day, for candidates and probation
    files alike; looked up once per request or job."""
    day = on or clock.today()
    return remembered(
        ("deciding committee", organization.pk, day),
        lambda: organization.nearest_holding(Authority.ADMISSION, on=day),
    )
