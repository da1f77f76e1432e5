"""A probation file for every demo probationary member, as far along as the
time since the ceremony allows."""

import datetime

from candidates.models import (
    ClassEnrolment,
    Document,
    Recognition,
    RecognitionStage,
    StageLog,
    TrainingClass,
    Vote,
)
from members.models import Member
from organizations.calendar import add_months

from .demo_rows import DEMO_PDF, DemoRecords

R = RecognitionStage


class ProbationFiles(DemoRecords):
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
