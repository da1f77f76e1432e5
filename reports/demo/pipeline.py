"""The demo's candidate pipeline (DESIGN.md §6), dated relative to today: about
two hundred candidates over every stage and most organizations, with three
years of candidates behind them (admitted or gone) so conversion rates are
real; this year's target for each grassroots organization, some short of
candidates; an awareness class in progress and one just finished; and a few
dossiers that a rule blocks (too young, certificate expired, introducer still
probationary) so the explanations can be seen. Demo assumptions, stated here:
pool sizes follow each organization's size, a third of last years' candidates
were admitted each year, one in ten left the pool (work and study away first)."""

import datetime
import random
from collections import defaultdict

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
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
from candidates.models.candidate import STAGE_ORDER
from members.models import Member
from organizations.bulk import insert_many
from organizations.calendar import add_months
from organizations.models import Organization, User

from .district import DemoDistrict
from .people import PeopleFactory

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
    Stage.APPRAISED: 6,
}
DEPARTURES = [
    (PauseReason.WORK_AWAY, 5),
    (PauseReason.STUDY_AWAY, 3),
    (PauseReason.AGE, 1),
    (PauseReason.EDUCATION, 1),
    (PauseReason.OWN_DECISION, 1),
    (PauseReason.OTHER, 1),
]
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class Pipeline:
    def __init__(
        self,
        district: DemoDistrict,
        members: list[Member],
        rng: random.Random,
        today: datetime.date,
        by: User,
    ) -> None:
        self.district, self.rng, self.today, self.by = district, rng, today, by
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
        self.files = {
            code: default_storage.save(
                f"dossiers/demo/{code}.pdf", ContentFile(DEMO_PDF)
            )
            for code in self.kinds
        }

    def grassroots_of(self, org: Organization) -> Organization:
        return next(g for g in self.district.grassroots if org.path.startswith(g.path))

    # Classes

    def classes(self) -> list[TrainingClass]:
        """Two awareness classes a year for four years, one in progress now,
        and this year's new-member classes."""
        rows = []
        for year in range(self.today.year - 4, self.today.year + 1):
            for month in (3, 9):
                start = datetime.date(year, month, 6)
                if start + datetime.timedelta(days=11) >= self.today:
                    continue
                rows.append(
                    self._class(
                        TrainingClass.Kind.AWARENESS, start, f"{month // 6 + 1}/{year}"
                    )
                )
        self.running = self._class(
            TrainingClass.Kind.AWARENESS,
            self.today - datetime.timedelta(days=4),
            f"3/{self.today.year}",
        )
        rows.append(self.running)
        for year in (self.today.year - 1, self.today.year):
            for month in (4, 9):
                start = datetime.date(year, month, 8)
                if start + datetime.timedelta(days=11) < self.today:
                    rows.append(
                        self._class(
                            TrainingClass.Kind.NEW_MEMBER,
                            start,
                            f"{month // 6 + 1}/{year}",
                        )
                    )
        insert_many(TrainingClass, rows)
        return rows

    def _class(self, kind: str, start: datetime.date, label: str) -> TrainingClass:
        title = (
            "Lớp bồi dưỡng nhận thức về Đảng"
            if kind == TrainingClass.Kind.AWARENESS
            else "Lớp bồi dưỡng đảng viên mới"
        )
        return TrainingClass(
            kind=kind,
            name=f"{title} khóa {label}",
            organizer=self.district.district,
            starts_on=start,
            ends_on=start + datetime.timedelta(days=11),
        )

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
        candidate = Candidate(
            organization=cell,
            full_name=sample.full_name,
            sex=sample.sex,
            birth_date=birth,
            ethnicity=sample.ethnicity,
            cccd=cccd,
            occupation=rng.choice(
                ["Nông dân", "Giáo viên", "Y sĩ", "Công chức xã", "Bộ đội"]
            ),
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

    # Facts of each gate, dated between the introduction and today.

    def fill(
        self,
        candidate: Candidate,
        stage: Stage,
        classes: list[TrainingClass],
        *,
        cell_size: int,
    ) -> None:
        rng, gates = self.rng, [s for s in Stage if s != Stage.RETURNED]
        reached = (
            STAGE_ORDER[stage]
            if stage != Stage.RETURNED
            else STAGE_ORDER[Stage.SUBMITTED]
        )
        span = min(330, rng.randint(20 + 25 * reached, 50 + 30 * reached))
        start = self.today - datetime.timedelta(days=span)
        candidate.introduced_on = start
        # A cell vote waits at most a few weeks for the committee: the gates up
        # to it are spread before it, the later ones between it and today.
        voted = STAGE_ORDER[Stage.CELL_APPROVED]
        vote_day = self.today - datetime.timedelta(days=rng.randint(8, 60))
        if reached < voted or vote_day <= start:
            vote_day = self.today

        def on(gate: Stage) -> datetime.date:
            position = STAGE_ORDER[gate]
            if position <= voted:
                return start + (vote_day - start) * (position + 1) // (voted + 1)
            later = len(gates) - voted
            return vote_day + (self.today - vote_day) * (position - voted) // later

        grassroots = self.grassroots_of(candidate.organization)
        officials = (
            self.officials[grassroots.pk]
            or self.officials[self.district.grassroots[0].pk]
        )
        self.log(candidate, "introduce", Stage.INTRODUCED, start)
        done = lambda gate: reached >= STAGE_ORDER[gate]  # noqa: E731
        if done(Stage.LISTED):
            candidate.mentor = rng.choice(officials)
            self.log(candidate, "assign_mentor", Stage.LISTED, on(Stage.LISTED))
        if stage == Stage.LISTED:
            # In the awareness class that is running now.
            self.enrolments.append(
                ClassEnrolment(training_class=self.running, candidate=candidate)
            )
        if done(Stage.CLASS_DONE):
            ended = [
                c
                for c in classes
                if c.kind == "awareness" and c.ends_on <= on(Stage.CLASS_DONE)
            ]
            course = ended[-1] if ended else classes[0]
            self.certify(candidate, course)
            self.document(candidate, "CN-NTVĐ")
            self.log(candidate, "certificate", Stage.CLASS_DONE, course.ends_on)
        if done(Stage.APPLIED):
            candidate.applied_on = on(Stage.APPLIED)
            candidate.history_on = on(Stage.APPLIED)
            self.document(candidate, "1-KNĐ")
            self.document(candidate, "2-KNĐ")
            self.log(candidate, "record_dates", Stage.APPLIED, candidate.applied_on)
        if done(Stage.VERIFIED):
            sent = on(Stage.APPLIED) + datetime.timedelta(days=3)
            self.verifications += [
                Verification(
                    candidate=candidate,
                    relation="self",
                    person_name=candidate.full_name,
                    sent_to="Đảng ủy xã nơi cư trú",
                    sent_on=sent,
                    answered_on=on(Stage.VERIFIED),
                    conclusion="Lịch sử chính trị rõ ràng.",
                ),
                Verification(
                    candidate=candidate,
                    relation="father",
                    person_name="(bố đẻ)",
                    party_member=True,
                ),
            ]
            self.document(candidate, "TTLL")
            self.log(
                candidate, "verification_answered", Stage.VERIFIED, on(Stage.VERIFIED)
            )
        if done(Stage.INTRODUCERS):
            letter = on(Stage.INTRODUCERS)
            count = 1 if candidate.route != Route.MEMBERS else 2
            for member in rng.sample(officials, min(count, len(officials))):
                self.introducers.append(
                    Introducer(
                        candidate=candidate,
                        member=member,
                        letter_on=letter,
                        together_since=letter
                        - datetime.timedelta(days=rng.randint(400, 2500)),
                    )
                )
                self.document(candidate, "3-KNĐ")
            if candidate.route != Route.MEMBERS:
                candidate.union_resolution_on = letter
                self.document(candidate, "4-KNĐ")
            self.log(candidate, "introducer", Stage.INTRODUCERS, letter)
        if done(Stage.OPINIONS):
            candidate.opinions_on = on(Stage.OPINIONS)
            self.document(candidate, "5-KNĐ")
            self.log(candidate, "record_dates", Stage.OPINIONS, candidate.opinions_on)
        if done(Stage.CELL_APPROVED):
            eligible = max(cell_size, 3)
            yes = min(eligible, -(-2 * eligible // 3) + rng.randint(0, 2))
            self.votes.append(
                Vote(
                    candidate=candidate,
                    body="cell",
                    held_on=on(Stage.CELL_APPROVED),
                    resolution_number=f"{rng.randint(1, 40)}-NQ/CB",
                    eligible=eligible,
                    present=yes,
                    votes_for=yes,
                    votes_against=0,
                    passed=True,
                    recorded_by=self.by,
                )
            )
            self.document(candidate, "6-KNĐ")
            self.log(
                candidate, "cell_vote", Stage.CELL_APPROVED, on(Stage.CELL_APPROVED)
            )
        if (
            done(Stage.GRASSROOTS_APPROVED)
            and grassroots.pk != candidate.organization.pk
        ):
            self.votes.append(
                Vote(
                    candidate=candidate,
                    body="grassroots",
                    held_on=on(Stage.GRASSROOTS_APPROVED),
                    resolution_number=f"{rng.randint(1, 60)}-NQ/ĐU",
                    eligible=9,
                    present=9,
                    votes_for=8,
                    votes_against=1,
                    passed=True,
                    recorded_by=self.by,
                )
            )
            self.document(candidate, "8-KNĐ")
            self.log(
                candidate,
                "grassroots_vote",
                Stage.GRASSROOTS_APPROVED,
                on(Stage.GRASSROOTS_APPROVED),
            )
        if done(Stage.SUBMITTED):
            candidate.submitted_on = on(Stage.SUBMITTED)
            self.log(candidate, "submit", Stage.SUBMITTED, candidate.submitted_on)
        if stage == Stage.RETURNED:
            self.log(
                candidate,
                "return",
                Stage.RETURNED,
                self.today - datetime.timedelta(days=3),
                note="Bổ sung bản tổng hợp ý kiến nhận xét của chi ủy nơi cư trú.",
            )
        if done(Stage.APPRAISED) and stage != Stage.RETURNED:
            self.log(candidate, "appraise", Stage.APPRAISED, on(Stage.APPRAISED))
        candidate.stage = stage

    def certify(self, candidate: Candidate, course: TrainingClass) -> None:
        self.enrolments.append(
            ClassEnrolment(
                training_class=course,
                candidate=candidate,
                result="passed",
                certificate_number=f"{self.rng.randint(1, 400)}/CN-TTCT",
                certificate_on=course.ends_on + datetime.timedelta(days=3),
            )
        )

    def document(self, candidate: Candidate, code: str) -> None:
        document = Document(
            candidate=candidate,
            kind=self.kinds[code],
            original_name=f"{code}.pdf",
            content_type="application/pdf",
            size=len(DEMO_PDF),
            uploaded_by=self.by,
        )
        document.file.name = self.files[code]
        self.documents.append(document)

    def log(
        self,
        candidate: Candidate,
        action: str,
        stage: Stage,
        on: datetime.date,
        note: str = "",
    ) -> None:
        before = (
            self.logs[-1].to_stage
            if self.logs and self.logs[-1].candidate is candidate
            else Stage.INTRODUCED
        )
        self.logs.append(
            StageLog(
                candidate=candidate,
                action=action,
                from_stage=before,
                to_stage=stage,
                on=on,
                note=note,
                by=self.by,
            )
        )

    # The pool today, its history, and the targets.

    def pool(self, classes: list[TrainingClass]) -> None:
        rng, grassroots = self.rng, self.district.grassroots
        weights = [len(self.officials[g.pk]) + 1 for g in grassroots]
        cell_sizes: dict[int, int] = defaultdict(int)
        for members in self.officials.values():
            for member in members:
                cell_sizes[member.organization_id] += 1
        stages, stage_weights = list(STAGE_WEIGHTS), list(STAGE_WEIGHTS.values())
        for _ in range(POOL_SIZE):
            home = rng.choices(grassroots, weights=weights)[0]
            cell = rng.choice(self.district.cells[home.pk])
            candidate = self.person(cell, home, rng.triangular(18.5, 38, 24))
            self.fill(
                candidate,
                rng.choices(stages, weights=stage_weights)[0],
                classes,
                cell_size=cell_sizes[cell.pk],
            )
            self.candidates.append(candidate)
        reasons, reason_weights = (
            [r for r, _w in DEPARTURES],
            [w for _r, w in DEPARTURES],
        )
        for n in range(25):
            home = rng.choices(grassroots, weights=weights)[0]
            cell = rng.choice(self.district.cells[home.pk])
            candidate = self.person(cell, home, rng.triangular(18.5, 35, 23))
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

    def blocked(self, classes: list[TrainingClass], cell_sizes: dict[int, int]) -> None:
        """Three dossiers ready for the cell vote that a rule stops."""
        home = next(g for g in self.district.grassroots if g.code == "HSP-HOTHAU")
        cells = self.district.cells[home.pk]
        young = self.person(cells[0], home, 17.9)
        self.fill(young, Stage.OPINIONS, classes, cell_size=cell_sizes[cells[0].pk])
        expired = self.person(cells[1 % len(cells)], home, 31)
        self.fill(expired, Stage.OPINIONS, classes, cell_size=cell_sizes[cells[0].pk])
        old_class = TrainingClass(
            kind="awareness",
            name="Lớp bồi dưỡng nhận thức về Đảng khóa 2/2020",
            organizer=self.district.district,
            starts_on=add_months(self.today, -64),
            ends_on=add_months(self.today, -64) + datetime.timedelta(days=11),
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
        for introducer in self.introducers:
            if introducer.candidate is probationary and self.probationary[home.pk]:
                introducer.member = self.probationary[home.pk][0]
                break
        self.candidates += [young, expired, probationary]

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
        last_year: dict[int, int] = defaultdict(int)
        for member in members:
            if member.admission_decision_date.year == self.today.year - 1:
                last_year[self.grassroots_of(member.organization).pk] += 1
        return [
            AdmissionTarget(
                organization=g,
                year=self.today.year,
                target=max(1, round(last_year[g.pk] * self.rng.uniform(0.9, 1.5))),
                proposed_by=self.by,
                confirmed_by=self.by,
                confirmed_at=self.now,
            )
            for g in self.district.grassroots
        ]

    def probation_files(
        self, members: list[Member], classes: list[TrainingClass]
    ) -> None:
        """A probation file for every probationary member, as far along as the
        time since the ceremony allows: records in the first weeks, the
        new-member class at the next session, the papers in the last month,
        the cell's vote and the proposal within weeks of the end."""
        sessions = sorted(
            (c for c in classes if c.kind == TrainingClass.Kind.NEW_MEMBER),
            key=lambda c: c.starts_on,
        )
        for member in members:
            if member.status != Member.Status.PROBATIONARY or member.end_date:
                continue
            grassroots = self.grassroots_of(member.organization)
            ends = add_months(member.ceremony_date, 12)
            file = Recognition(
                member=member, ceremony_date=member.ceremony_date, created_by=self.by
            )
            self.recognitions.append(file)
            self.rlog(file, "open", R.OPENED, member.ceremony_date)
            officials = self.officials[grassroots.pk]
            if not officials:
                continue
            file.mentor = self.rng.choice(officials)
            self.rlog(file, "assign_mentor", R.LISTED, member.ceremony_date)
            filed = member.ceremony_date + datetime.timedelta(days=10)
            if filed > self.today:
                continue
            for code in ("1-HSĐV", "2-HSĐV"):
                self.rdocument(file, code)
            self.rlog(file, "document", R.RECORDS, filed)
            course = next(
                (c for c in sessions if c.starts_on > member.ceremony_date), None
            )
            if course is None or course.ends_on >= self.today:
                continue
            self.enrolments.append(
                ClassEnrolment(
                    training_class=course,
                    member=member,
                    result="passed",
                    certificate_number=f"{self.rng.randint(1, 300)}/CN-ĐVM",
                    certificate_on=course.ends_on + datetime.timedelta(days=2),
                )
            )
            self.rdocument(file, "CN-ĐVM")
            self.rlog(
                file,
                "certificate",
                R.CLASS_DONE,
                course.ends_on + datetime.timedelta(days=2),
            )
            papers = ends - datetime.timedelta(days=20)
            if papers > self.today:
                continue
            file.self_review_on, file.remarks_on = (
                papers,
                papers + datetime.timedelta(days=3),
            )
            file.opinions_on = papers + datetime.timedelta(days=6)
            for code, stage in (
                ("10-KNĐ", R.SELF_REVIEW),
                ("11-KNĐ", R.REMARKS),
                ("12-KNĐ", R.OPINIONS),
            ):
                self.rdocument(file, code)
                self.rlog(file, "record_dates", stage, papers)
            steps = [
                (ends + datetime.timedelta(days=6), "cell"),
                (ends + datetime.timedelta(days=13), "grassroots"),
                (ends + datetime.timedelta(days=20), "submit"),
                (ends + datetime.timedelta(days=30), "appraise"),
            ]
            for day, step in steps:
                if day > self.today:
                    break
                if step == "cell":
                    eligible = max(
                        3,
                        sum(
                            o.organization_id == member.organization_id
                            for o in officials
                        ),
                    )
                    self.votes.append(
                        Vote(
                            recognition=file,
                            body="cell",
                            held_on=day,
                            resolution_number=f"{self.rng.randint(1, 40)}-NQ/CB",
                            eligible=eligible,
                            present=eligible,
                            votes_for=eligible,
                            votes_against=0,
                            passed=True,
                            recorded_by=self.by,
                        )
                    )
                    self.rdocument(file, "13-KNĐ")
                    self.rlog(file, "cell_vote", R.CELL_APPROVED, day)
                elif step == "grassroots":
                    if grassroots.pk != member.organization_id:
                        self.votes.append(
                            Vote(
                                recognition=file,
                                body="grassroots",
                                held_on=day,
                                resolution_number=f"{self.rng.randint(1, 60)}-NQ/ĐU",
                                eligible=9,
                                present=9,
                                votes_for=8,
                                votes_against=1,
                                passed=True,
                                recorded_by=self.by,
                            )
                        )
                        self.rdocument(file, "15-KNĐ")
                    self.rlog(file, "grassroots_vote", R.GRASSROOTS_APPROVED, day)
                elif step == "submit":
                    file.submitted_on = day
                    self.rlog(file, "submit", R.SUBMITTED, day)
                else:
                    self.rlog(file, "appraise", R.APPRAISED, day)

    def rdocument(self, file: Recognition, code: str) -> None:
        document = Document(
            recognition=file,
            kind=self.kinds[code],
            original_name=f"{code}.pdf",
            content_type="application/pdf",
            size=len(DEMO_PDF),
            uploaded_by=self.by,
        )
        document.file.name = self.files[code]
        self.documents.append(document)

    def rlog(
        self, file: Recognition, action: str, stage: RecognitionStage, on: datetime.date
    ) -> None:
        self.logs.append(
            StageLog(
                recognition=file,
                action=action,
                from_stage=file.stage,
                to_stage=stage,
                on=on,
                by=self.by,
            )
        )
        file.stage = stage

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


def build_pipeline(
    district: DemoDistrict,
    members: list[Member],
    rng: random.Random,
    today: datetime.date,
    *,
    by: User,
) -> None:
    pipeline = Pipeline(district, members, rng, today, by)
    classes = pipeline.classes()
    pipeline.pool(classes)
    pipeline.history(members, classes)
    pipeline.probation_files(members, classes)
    pipeline.save(members)
