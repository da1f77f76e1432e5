"""What README.md promises of the demo, checked on a built demo as of the clock's
day: the tests check it on a set of days, benchmarks/seed_every_day.py on every
day of a year. Each broken promise comes back as a line saying what is wrong."""

import datetime
from collections.abc import Callable

from candidates.models import (
    AdmissionTarget,
    Candidate,
    DecisionNumber,
    Recognition,
    RecognitionStage,
    ReviewMeeting,
    Stage,
    TrainingClass,
)
from candidates.services import vote_rule_problems
from candidates.targets import target_rows
from members.due import probation_due
from members.models import Member, Placement, Transfer
from organizations import clock
from organizations.models import Organization, User
from organizations.text import day_label
from reports.selectors import dashboard_figures

from .review import FIRST_NUMBER, last_and_next

R = RecognitionStage
END_OF_2018 = datetime.date(2018, 12, 31)
BLOCKED_REASONS = (
    "phải đủ 18 tuổi",
    "có giá trị 60 tháng",
    "đảng viên dự bị không được giới thiệu",
)


def _the_article(btc: User, today: datetime.date) -> list[str]:
    figures = dashboard_figures(btc, END_OF_2018)
    found = (figures.members.total, figures.grassroots, figures.admitted_in_year)
    if found != (5756, 73, 205):
        return [f"31/12/2018 shows {found}, not (5756, 73, 205)"]
    return []


def _history(btc: User, today: datetime.date) -> list[str]:
    broken = []
    for year in range(2019, today.year):
        admitted = dashboard_figures(btc, datetime.date(year, 12, 31)).admitted_in_year
        if not 185 <= admitted <= 215:
            broken.append(f"{admitted} admitted in {year}")
    if not Member.objects.filter(end_date__year__gt=2018, status="deceased").exists():
        broken.append("nobody died after 2018")
    if Transfer.objects.filter(status=Transfer.Status.RECEIVED).count() < 50:
        broken.append("fewer than 50 transfers received")
    placed = Placement.objects.on(today).count()
    members = dashboard_figures(btc, today).members.total
    if placed != members or members < 5000:
        broken.append(f"{members} members today, {placed} placed")
    return broken


def _probation(btc: User, today: datetime.date) -> list[str]:
    broken = []
    if Member.objects.filter(status=Member.Status.PROBATIONARY).count() <= 100:
        broken.append("100 probationary members or fewer")
    if not probation_due(btc):
        broken.append("no recognition due")
    stages = set(Recognition.objects.values_list("stage", flat=True))
    for stage in (R.LISTED, R.CLASS_DONE, R.APPRAISED, R.RECOGNIZED):
        if stage not in stages:
            broken.append(f"no probation file at {stage}")
    return broken


def _pipeline(btc: User, today: datetime.date) -> list[str]:
    broken = []
    pool = Candidate.objects.filter(status=Candidate.Status.ACTIVE)
    stages = set(pool.values_list("stage", flat=True))
    # Every stage but the sub-committee's: the demo district has none.
    missing = set(Stage.values) - {Stage.SUBCOMMITTEE_APPRAISED} - stages
    if missing:
        broken.append(f"no candidate at {sorted(missing)}")
    if not 190 <= pool.count() <= 230:
        broken.append(f"{pool.count()} candidates in the pool")
    earlier = Candidate.objects.filter(
        status=Candidate.Status.ADMITTED,
        member__admission_decision_date__year__gte=today.year - 3,
    )
    if earlier.count() < 300:
        broken.append(f"{earlier.count()} candidates admitted in the last three years")
    hothau = Organization.objects.get(code="HSP-HOTHAU")
    if not pool.filter(
        organization__path__startswith=hothau.path,
        stage=Stage.CLASS_DONE,
        applied_on__isnull=True,
    ).exists():
        broken.append("no Hồ Thầu candidate waiting to apply after the class")
    awareness = TrainingClass.objects.filter(kind=TrainingClass.Kind.AWARENESS)
    if not awareness.filter(starts_on__lte=today, ends_on__gte=today).exists():
        broken.append("no awareness class running")
    if not awareness.filter(ends_on__lt=today).exists():
        broken.append("no awareness class finished")
    return broken


def _targets(btc: User, today: datetime.date) -> list[str]:
    broken = []
    if AdmissionTarget.objects.filter(year=today.year).count() != 73:
        broken.append("not every TCCSĐ has this year's target")
    rows = target_rows(btc, today.year)
    if not any(row.short for row in rows):
        broken.append("no organization short of candidates")
    if all(row.short for row in rows):
        broken.append("every organization short of candidates")
    return broken


def _blocked(btc: User, today: datetime.date) -> list[str]:
    hothau = Organization.objects.get(code="HSP-HOTHAU")
    reasons = " ".join(
        str(problem)
        for candidate in Candidate.objects.filter(
            status=Candidate.Status.ACTIVE,
            organization__path__startswith=hothau.path,
            stage__in=[Stage.OPINIONS, Stage.INTRODUCERS],
        )
        for problem in vote_rule_problems(candidate, today)
    )
    return [
        f"no Hồ Thầu dossier blocked by «{r}»"
        for r in BLOCKED_REASONS
        if r not in reasons
    ]


def _reviews(btc: User, today: datetime.date) -> list[str]:
    broken = []
    held, upcoming = last_and_next(today)
    last = ReviewMeeting.objects.filter(held_on=held, status="locked").first()
    if last is None:
        return [f"no locked meeting on {day_label(held)}"]
    approved = last.items.filter(outcome="approved").count()
    numbers = sorted(
        DecisionNumber.objects.filter(register__book="decisions").values_list(
            "number", flat=True
        )
    )
    if not approved or numbers != list(range(FIRST_NUMBER, FIRST_NUMBER + approved)):
        broken.append(f"{approved} approved, decisions numbered {numbers}")
    if not (last.proposal_number_id and last.minutes_number_id and last.secretary_id):
        broken.append("the last meeting lacks its proposal, minutes or secretary")
    if last.items.filter(outcome="deferred").count() != 1:
        broken.append("the last meeting did not defer exactly one dossier")
    if not last.items.filter(recognition__isnull=False, outcome="approved").exists():
        broken.append("the last meeting recognized nobody")
    following = ReviewMeeting.objects.filter(held_on=upcoming, status="preparing")
    if not following.filter(items__recognition__isnull=False).exists():
        broken.append(f"no recognition on the agenda for {day_label(upcoming)}")
    if not following.filter(items__candidate__isnull=False).exists():
        broken.append(
            f"no meeting with an agenda in preparation on {day_label(upcoming)}"
        )
    return broken


CHECKS: list[Callable[[User, datetime.date], list[str]]] = [
    _the_article,
    _history,
    _probation,
    _pipeline,
    _targets,
    _blocked,
    _reviews,
]


def broken_promises() -> list[str]:
    """Every promise the built demo does not keep as of the clock's day."""
    btc, today = User.objects.get(username="btc"), clock.today()
    return [line for check in CHECKS for line in check(btc, today)]
