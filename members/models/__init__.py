from .events import DisciplineLevel, Exemption, MemberEvent, Rating
from .placements import Placement, PlacementQuerySet
from .profile import (
    Ethnicity,
    Member,
    MemberQuerySet,
    ProfessionalLevel,
    Religion,
    ReligiousRole,
    StateManagementLevel,
    TheoryLevel,
)

__all__ = [
    "DisciplineLevel",
    "Ethnicity",
    "Exemption",
    "Member",
    "MemberEvent",
    "MemberQuerySet",
    "Placement",
    "PlacementQuerySet",
    "ProfessionalLevel",
    "Rating",
    "Religion",
    "ReligiousRole",
    "StateManagementLevel",
    "TheoryLevel",
]
