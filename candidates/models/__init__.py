from .candidate import Candidate, CandidateQuerySet, PauseReason, Route, Stage
from .dossier import (
    Document,
    DocumentKind,
    Introducer,
    StageLog,
    Verification,
    Vote,
)
from .recognition import Recognition, RecognitionStage
from .targets import AdmissionTarget
from .training import ClassEnrolment, TrainingClass

__all__ = [
    "AdmissionTarget",
    "Candidate",
    "CandidateQuerySet",
    "ClassEnrolment",
    "Document",
    "DocumentKind",
    "Introducer",
    "PauseReason",
    "Recognition",
    "RecognitionStage",
    "Route",
    "Stage",
    "StageLog",
    "TrainingClass",
    "Verification",
    "Vote",
]
