"""The demo's candidate pipeline (DESIGN.md §6), dated relative to today: about
two hundred candidates over every stage and most organizations, with three
years of candidates behind them (admitted or gone) so conversion rates are
real; this year's target for each grassroots organization, some short of
candidates; an awareness class in progress and one just finished; and a few
dossiers that a rule blocks (too young, certificate expired, introducer still
probationary) so the explanations can be seen. Demo assumptions, stated here:
pool sizes follow each organization's size, a third of last years' candidates
were admitted each year, one in ten left the pool (work and study away first).

The appraised dossiers are dated from the review days, not drawn: a few were
appraised in the weeks before the last review meeting (it decides them), a few
since (they wait for the next one), so both meetings have an agenda whatever
the day the demo is built."""

import datetime
import random
from collections import defaultdict

from django.utils import timezone

from candidates.models import (
    AdmissionTarget,
    Candidate,
    ClassEnrolment,
    Document,
    DocumentKind,
    Introducer,
    PauseReason,
    Recognition,
    RecognitionStage,
    Route,
    Stage,
    StageLog,
    TrainingClass,
    Verification,
    Vote,
)
from members.models import Member
from organizations.bulk import insert_many
from organizations.calendar import add_months
from organizations.models import Organization, User

from .candidate_facts import CandidateFacts
from .district import DemoDistrict
from .people import PeopleFactory
from .probation import ProbationFiles
from .profiles import occupation_group, residence
from .review import last_and_next
from .training import TrainingClasses

R = RecognitionStage
POOL_SIZE = 200
# Share of the current pool at each stage (the rest are paused or withdrawn).
STAGE_WEIGHTS = {
    Stage.INTRODUCED: 22,
    Stage.LISTED: 22,
    Stage.CLASS_DONE: 34,
    Stage.APPLIED: 28,
    Stage.VERIFIED: 22,
    Stage.INTRODUCERS: 18,
    Stage.OPINIONS: 16,
    Stage.CELL_APPROVED: 10,
    Stage.GRASSROOTS_APPROVED: 6,
    Stage.SUBMITTED: 6,
    Stage.RETURNED: 2,
}
# Appraised dossiers: decided at the last review meeting, waiting for the next.
DECIDED_AT_LAST_MEETING = 5
WAITING_FOR_NEXT_MEETING = 4
DEPARTURES = [
    (PauseReason.WORK_AWAY, 5),
    (PauseReason.STUDY_AWAY, 3),
    (PauseReason.AGE, 1),
    (PauseReason.EDUCATION, 1),
    (PauseReason.OWN_DECISION, 1),
    (PauseReason.OTHER, 1),
]


class Pipeline(CandidateFacts, ProbationFiles, TrainingClasses):
    def __init__(
        self,
        district: DemoDistrict,
        members: list[Member],
        rng: random.Random,
        today: datetime.date,
        by: User,
        files: dict[str, str],
    ) -> None:
        self.district, self.rng, self.today, self.by = district, rng, today, by
        self.held, self.upcoming = last_and_next(today)
        self.factory = PeopleFactory(rng)
        self.officials: dict[int, list[Member]] = defaultdict(list)
        self.probationary: dict[int, list[Member]] = defaultdict(list)
        for member in members:
            if member.end_date is None:
                grassroots = self.grassroots_of(member.organization)
                if member.status == Member.Status.OFFICIAL:
                    self.officials[grassroots.pk].append(member)
                else:
                    self.probationary[grassroots.pk].append(member)
        self.cccds = {m.cccd for m in members}
        self.candidates: list[Candidate] = []
        self.recognitions: list[Recognition] = []
        self.enrolments: list[ClassEnrolment] = []
        self.introducers: list[Introducer] = []
        self.verifications: list[Verification] = []
        self.votes: list[Vote] = []
        self.documents: list[Document] = []
        self.logs: list[StageLog] = []
        self.kinds = {k.code: k for k in DocumentKind.objects.all()}
        self.now = timezone.now()
        self.files = files

    # People

    def person(
        self, cell: Organization, grassroots: Organization, age: float
    ) -> Candidate:
        rng = self.rng
        sample = self.factory.person(cell, self.today, cell_of=grassroots)
        birth = self.today - datetime.timedelta(days=int(age * 365.25))
        year = birth.year
        marker = (year // 100 - 19) * 2 + (sample.sex == Member.Sex.FEMALE)
        while True:
            cccd = f"002{marker}{year % 100:02d}{rng.randint(0, 999999):06d}"
            if cccd not in self.cccds:
                self.cccds.add(cccd)
                break
        youth = age < 30 and rng.random() < 0.7
        occupation = rng.choice(
            ["Nông dân", "Giáo viên", "Y sĩ", "Công chức xã", "Bộ đội"]
        )
        candidate = Candidate(
            organization=cell,
            full_name=sample.full_name,
            sex=sample.sex,
            birth_date=birth,
            ethnicity=sample.ethnicity,
            cccd=cccd,
            permanent_address=residence(cell, grassroots),
            occupation=occupation,
            occupation_group=occupation_group(occupation, birth.year),
            general_education=rng.choice(["9/12", "12/12", "12/12"]),
            youth_union_member=youth,
            route=Route.YOUTH_UNION if youth else Route.MEMBERS,
            introduced_by=Candidate.IntroducedBy.YOUTH_UNION
            if youth
            else Candidate.IntroducedBy.CELL,
            introduced_on=self.today,
            created_by=self.by,
        )
        candidate.set_derived_fields()
        return candidate

    # The pool today, its history, and the targets.

    def drawn(
        self, weights: list[int], ages: tuple[float, float, float]
    ) -> tuple[Candidate, Organization]:
        """A new candidate of a cell of a grassroots organization drawn by
        `weights`, aged as `ages` (low, high, mode) says; and the cell."""
        rng = self.rng
        home = rng.choices(self.district.grassroots, weights=weights)[0]
        cell = rng.choice(self.district.cells[home.pk])
        return self.person(cell, home, rng.triangular(*ages)), cell

    def pool(self, classes: list[TrainingClass]) -> None:
        rng, grassroots = self.rng, self.district.grassroots
        weights = [len(self.officials[g.pk]) + 1 for g in grassroots]
        cell_sizes: dict[int, int] = defaultdict(int)
        for members in self.officials.values():
            for member in members:
                cell_sizes[member.organization_id] += 1
        stages, stage_weights = list(STAGE_WEIGHTS), list(STAGE_WEIGHTS.values())
        for _ in range(POOL_SIZE):
            candidate, cell = self.drawn(weights, (18.5, 38, 24))
            self.fill(
                candidate,
                rng.choices(stages, weights=stage_weights)[0],
                classes,
                cell_size=cell_sizes[cell.pk],
            )
            self.candidates.append(candidate)
        self.appraised(weights, classes, cell_sizes)
        reasons, reason_weights = (
            [r for r, _w in DEPARTURES],
            [w for _r, w in DEPARTURES],
        )
        for n in range(25):
            candidate, cell = self.drawn(weights, (18.5, 35, 23))
            self.fill(
                candidate,
                rng.choice(stages[:5]),
                classes,
                cell_size=cell_sizes[cell.pk],
            )
            candidate.status = (
                Candidate.Status.WITHDRAWN if n % 5 == 0 else Candidate.Status.PAUSED
            )
            candidate.pause_reason = rng.choices(reasons, weights=reason_weights)[0]
            self.log(
                candidate,
                "withdraw" if n % 5 == 0 else "pause",
                Stage(candidate.stage),
                self.today - datetime.timedelta(days=rng.randint(5, 200)),
                note=str(PauseReason(candidate.pause_reason).label),
            )
            self.candidates.append(candidate)
        self.blocked(classes, cell_sizes)

    def appraised(
        self,
        weights: list[int],
        classes: list[TrainingClass],
        cell_sizes: dict[int, int],
    ) -> None:
        """Dossiers appraised in the weeks before the last review day and since."""
        rng = self.rng
        since = (self.today - self.held).days
        days = [
            self.held - datetime.timedelta(days=rng.randint(1, 25))
            for _ in range(DECIDED_AT_LAST_MEETING)
        ] + [
            self.held + datetime.timedelta(days=rng.randint(1, since))
            for _ in range(WAITING_FOR_NEXT_MEETING)
        ]
        for appraised_on in sorted(days):
            candidate, cell = self.drawn(weights, (18.5, 38, 24))
            self.fill(
                candidate,
                Stage.APPRAISED,
                classes,
                cell_size=cell_sizes[cell.pk],
                until=appraised_on,
            )
            self.candidates.append(candidate)

    def blocked(self, classes: list[TrainingClass], cell_sizes: dict[int, int]) -> None:
        """Three Hồ Thầu dossiers ready for the cell vote that a rule stops,
        one ready for the Standing Committee and one waiting for its
        application."""
        home = next(g for g in self.district.grassroots if g.code == "HSP-HOTHAU")
        cells = self.district.cells[home.pk]
        young = self.person(cells[0], home, 17.9)
        self.fill(young, Stage.OPINIONS, classes, cell_size=cell_sizes[cells[0].pk])
        expired = self.person(cells[1 % len(cells)], home, 31)
        self.fill(expired, Stage.OPINIONS, classes, cell_size=cell_sizes[cells[0].pk])
        old_start = add_months(self.today, -64)
        old_class = self._class(
            TrainingClass.Kind.AWARENESS,
            old_start,
            f"{1 if old_start.month < 7 else 2}/{old_start.year}",
        )
        insert_many(TrainingClass, [old_class])
        for enrolment in self.enrolments:
            if enrolment.candidate is expired:
                enrolment.training_class = old_class
                enrolment.certificate_on = old_class.ends_on + datetime.timedelta(
                    days=3
                )
        probationary = self.person(cells[2 % len(cells)], home, 26)
        self.fill(
            probationary, Stage.INTRODUCERS, classes, cell_size=cell_sizes[cells[0].pk]
        )
        # The newest member of Hồ Thầu: one is admitted in the last days
        # (today.py), and an older probationer may be recognized at the review.
        newest = max(self.probationary[home.pk], key=lambda m: m.ceremony_date)
        for introducer in self.introducers:
            if introducer.candidate is probationary:
                introducer.member = newest
                break
        self.candidates += [young, expired, probationary]
        # And one Hồ Thầu dossier appraised today, for the next review meeting.
        ready = self.person(cells[0], home, 24)
        self.fill(ready, Stage.APPRAISED, classes, cell_size=cell_sizes[cells[0].pk])
        self.candidates.append(ready)
        # And one who passed the class and has yet to apply: the secretary's
        # next step on her dashboard.
        next_step = self.person(cells[1 % len(cells)], home, 22)
        self.fill(
            next_step, Stage.CLASS_DONE, classes, cell_size=cell_sizes[cells[0].pk]
        )
        self.candidates.append(next_step)

    def history(self, members: list[Member], classes: list[TrainingClass]) -> None:
        """The candidates of the last three years: those admitted (linked to their
        member row) and, for every two admitted, one who left the pool."""
        awareness = [c for c in classes if c.kind == "awareness"]
        for member in members:
            decided = member.admission_decision_date
            if not self.today.year - 3 <= decided.year < self.today.year:
                continue
            grassroots = self.grassroots_of(member.organization)
            candidate = Candidate(
                organization=member.organization,
                full_name=member.full_name,
                sex=member.sex,
                birth_date=member.birth_date,
                ethnicity=member.ethnicity,
                cccd=member.cccd,
                general_education=member.general_education or "12/12",
                route=Route.MEMBERS,
                introduced_by=Candidate.IntroducedBy.CELL,
                introduced_on=decided
                - datetime.timedelta(days=self.rng.randint(300, 500)),
                status=Candidate.Status.ADMITTED,
                member=member,
                stage=Stage.APPRAISED,
                created_by=self.by,
            )
            candidate.set_derived_fields()
            course = max(
                (
                    c
                    for c in awareness
                    if c.ends_on < decided - datetime.timedelta(days=120)
                ),
                key=lambda c: c.ends_on,
                default=awareness[0],
            )
            self.certify(candidate, course)
            self.candidates.append(candidate)
            if self.rng.random() < 0.5:
                gone = self.person(
                    member.organization, grassroots, self.rng.triangular(19, 35, 24)
                )
                gone.introduced_on = candidate.introduced_on
                gone.status, gone.pause_reason = (
                    Candidate.Status.WITHDRAWN,
                    self.rng.choices(
                        [r for r, _w in DEPARTURES], weights=[w for _r, w in DEPARTURES]
                    )[0],
                )
                gone.stage = Stage.CLASS_DONE
                self.certify(gone, course)
                self.candidates.append(gone)

    def targets(self, members: list[Member]) -> list[AdmissionTarget]:
        """Each grassroots organization's target for every year since 2018:
        about what it admitted the year before, often a little more. Past
        years draw from their own generator, so the rest of the demo stays
        what it was."""
        admitted: dict[tuple[int, int], int] = defaultdict(int)
        for member in members:
            year = member.admission_decision_date.year
            admitted[(year, self.grassroots_of(member.organization).pk)] += 1
        targets = []
        for year in range(FIRST_TARGET_YEAR, self.today.year + 1):
            rng = (
                self.rng if year == self.today.year else random.Random(f"target-{year}")
            )
            targets += [
                AdmissionTarget(
                    organization=g,
                    year=year,
                    target=max(
                        1, round(admitted[(year - 1, g.pk)] * rng.uniform(0.9, 1.5))
                    ),
                    proposed_by=self.by,
                    confirmed_by=self.by,
                    confirmed_at=self.now,
                )
                for g in self.district.grassroots
            ]
        return targets

    def save(self, members: list[Member]) -> None:
        insert_many(Candidate, self.candidates)
        insert_many(Recognition, self.recognitions)
        insert_many(ClassEnrolment, self.enrolments)
        insert_many(Verification, self.verifications)
        insert_many(Introducer, self.introducers)
        insert_many(Vote, self.votes)
        insert_many(Document, self.documents)
        insert_many(StageLog, self.logs)
        insert_many(AdmissionTarget, self.targets(members))


# The article's year: the demo registers targets from then on.
FIRST_TARGET_YEAR = 2018


def build_pipeline(
    district: DemoDistrict,
    members: list[Member],
    rng: random.Random,
    today: datetime.date,
    *,
    by: User,
    files: dict[str, str],
) -> None:
    """`files`: the stored name of the demo's paper for each document kind."""
    pipeline = Pipeline(district, members, rng, today, by, files)
    classes = pipeline.classes()
    pipeline.pool(classes)
    pipeline.history(members, classes)
    pipeline.probation_files(members, classes)
    pipeline.save(members)
