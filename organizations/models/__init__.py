from .accounts import Position, Role, RoleAssignment, User
from .audit import AuditEntry
from .jobs import Job
from .notifications import Notification
from .rules import CalendarDay, RuleVersion
from .tree import AUTHORITY_FIELDS, Authority, Organization

__all__ = [
    "AUTHORITY_FIELDS",
    "AuditEntry",
    "Authority",
    "CalendarDay",
    "Job",
    "Notification",
    "Organization",
    "Position",
    "Role",
    "RoleAssignment",
    "RuleVersion",
    "User",
]
