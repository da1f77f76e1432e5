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
from .transfers import Transfer, TransferQuerySet

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
    "Transfer",
    "TransferQuerySet",
]
