from .accounts import Position, Role, RoleAssignment, User
from .audit import AuditEntry
from .history import AuthorityPeriod, OrganizationEvent, TreePeriod
from .jobs import Job
from .notifications import Notification
from .ranking import OrganizationRating, QualityLevel
from .replica import ReplicaMark
from .rules import CalendarDay, RuleVersion
from .tree import Authority, Organization
from .villages import Village

__all__ = [
    "AuditEntry",
    "Authority",
    "AuthorityPeriod",
    "CalendarDay",
    "Job",
    "Notification",
    "Organization",
    "OrganizationEvent",
    "OrganizationRating",
    "Position",
    "QualityLevel",
    "ReplicaMark",
    "Role",
    "RoleAssignment",
    "RuleVersion",
    "TreePeriod",
    "User",
    "Village",
]
