"""The facts of each gate of a demo candidate, dated between the introduction
and today, with the documents each gate needs."""

import datetime

from candidates.models import (
    Candidate,
    ClassEnrolment,
    Document,
    Introducer,
    Route,
    Stage,
    StageLog,
    TrainingClass,
    Verification,
    Vote,
)
from candidates.models.candidate import STAGE_ORDER

from .demo_rows import DEMO_PDF, DemoRecords


class CandidateFacts(DemoRecords):
    # Facts of each gate, dated between the introduction and today.

    def fill(
        self,
        candidate: Candidate,
        stage: Stage,
        classes: list[TrainingClass],
        *,
        cell_size: int,
        until: datetime.date | None = None,
    ) -> None:
        """Date the candidate's gates up to `stage`, the last on `until` (today
        unless given)."""
        end = until or self.today
        rng, gates = self.rng, [s for s in Stage if s != Stage.RETURNED]
        reached = (
            STAGE_ORDER[stage]
            if stage != Stage.RETURNED
            else STAGE_ORDER[Stage.SUBMITTED]
        )
        span = min(330, rng.randint(20 + 25 * reached, 50 + 30 * reached))
        start = end - datetime.timedelta(days=span)
        candidate.introduced_on = start
        # A cell vote waits at most a few weeks for the committee: the gates up
        # to it are spread before it, the later ones between it and today.
        voted = STAGE_ORDER[Stage.CELL_APPROVED]
        vote_day = end - datetime.timedelta(days=rng.randint(8, 60))
        if reached < voted or vote_day <= start:
            vote_day = end

        def on(gate: Stage) -> datetime.date:
            position = STAGE_ORDER[gate]
            if position <= voted:
                return start + (vote_day - start) * (position + 1) // (voted + 1)
            later = len(gates) - voted
            return vote_day + (end - vote_day) * (position - voted) // later

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
                end - datetime.timedelta(days=3),
                note="Bổ sung bản tổng hợp ý kiến nhận xét của chi ủy nơi cư trú.",
            )
        if done(Stage.APPRAISED) and stage != Stage.RETURNED:
            self.log(candidate, "appraise", Stage.APPRAISED, on(Stage.APPRAISED))
        # A grassroots cell has no committee resolution: its stage stays at
        # the cell's.
        if (
            stage == Stage.GRASSROOTS_APPROVED
            and grassroots.pk == candidate.organization.pk
        ):
            stage = Stage.CELL_APPROVED
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
