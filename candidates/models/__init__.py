from .candidate import Candidate, CandidateQuerySet, PauseReason, Route, Stage
from .dossier import (
    Document,
    DocumentKind,
    Introducer,
    StageLog,
    Verification,
    Vote,
)
from .meetings import (
    AgendaItem,
    Correction,
    DecisionNumber,
    DecisionRegister,
    ReviewMeeting,
)
from .recognition import Recognition, RecognitionStage
from .targets import AdmissionTarget
from .training import ClassEnrolment, TrainingClass

__all__ = [
    "AdmissionTarget",
    "AgendaItem",
    "Candidate",
    "CandidateQuerySet",
    "ClassEnrolment",
    "Correction",
    "DecisionNumber",
    "DecisionRegister",
    "Document",
    "DocumentKind",
    "Introducer",
    "PauseReason",
    "Recognition",
    "RecognitionStage",
    "ReviewMeeting",
    "Route",
    "Stage",
    "StageLog",
    "TrainingClass",
    "Verification",
    "Vote",
]
