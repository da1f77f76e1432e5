from .events import (
    DisciplineLevel,
    Exemption,
    Guidance,
    MemberEvent,
    MissedMonth,
    Rating,
    ReadmissionBar,
    Suspension,
)
from .placements import Placement, PlacementQuerySet
from .profile import (
    Ethnicity,
    Member,
    MemberQuerySet,
    OccupationGroup,
    ProfessionalLevel,
    Religion,
    ReligiousRole,
    StateManagementLevel,
    TheoryLevel,
)
from .records import Badge, PartyCard, TemporaryTransfer, TemporaryTransferQuerySet
from .transfers import Transfer, TransferQuerySet

__all__ = [
    "Badge",
    "DisciplineLevel",
    "Ethnicity",
    "Exemption",
    "Guidance",
    "Member",
    "MemberEvent",
    "MemberQuerySet",
    "MissedMonth",
    "OccupationGroup",
    "PartyCard",
    "Placement",
    "PlacementQuerySet",
    "ProfessionalLevel",
    "Rating",
    "ReadmissionBar",
    "Religion",
    "ReligiousRole",
    "StateManagementLevel",
    "Suspension",
    "TemporaryTransfer",
    "TemporaryTransferQuerySet",
    "TheoryLevel",
    "Transfer",
    "TransferQuerySet",
]
