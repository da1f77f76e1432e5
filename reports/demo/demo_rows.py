"""What the demo pipeline builds, held until it is written in bulk; shared by
the candidate facts and the probation files."""

import datetime
import random

from candidates.models import (
    Candidate,
    ClassEnrolment,
    Document,
    DocumentKind,
    Introducer,
    Recognition,
    StageLog,
    TrainingClass,
    Verification,
    Vote,
)
from members.models import Member
from organizations.models import Organization, User

from .district import DemoDistrict

DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class DemoRecords:
    rng: random.Random
    today: datetime.date
    by: User
    now: datetime.datetime
    district: DemoDistrict
    officials: dict[int, list[Member]]
    probationary: dict[int, list[Member]]
    running: TrainingClass
    candidates: list[Candidate]
    recognitions: list[Recognition]
    enrolments: list[ClassEnrolment]
    introducers: list[Introducer]
    verifications: list[Verification]
    votes: list[Vote]
    documents: list[Document]
    logs: list[StageLog]
    kinds: dict[str, DocumentKind]
    files: dict[str, str]

    def grassroots_of(self, org: Organization) -> Organization:
        return next(g for g in self.district.grassroots if org.path.startswith(g.path))
