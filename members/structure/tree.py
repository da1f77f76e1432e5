"""The organization tree as nested nodes for templates, with member counts."""

import datetime
from dataclasses import dataclass, field

from members.selectors import MemberCounts, member_counts_by_subtree
from organizations.models import Organization
from organizations.text import collation_key

# Committees before cells, then Vietnamese alphabetical order.
_KIND_ORDER = {kind: rank for rank, kind in enumerate(Organization.Kind.values)}


@dataclass
class Node:
    organization: Organization
    counts: MemberCounts
    children: list["Node"] = field(default_factory=list)


def _sort_key(node: Node) -> tuple[object, ...]:
    org = node.organization
    return (_KIND_ORDER[org.kind], collation_key(org.name))


def build_tree(organizations: list[Organization], day: datetime.date) -> list[Node]:
    """Roots of the forest formed by `organizations` (annotated `as_at(day)`) as
    it stood on `day` (a parent outside the list makes a root), each node
    carrying its subtree's member counts that day."""
    counts = member_counts_by_subtree(organizations, day)
    nodes = {o.pk: Node(o, counts[o.pk]) for o in organizations}
    roots: list[Node] = []
    for node in nodes.values():
        parent = nodes.get(node.organization.then_parent or 0)  # type: ignore[attr-defined]
        (parent.children if parent else roots).append(node)
    for node in nodes.values():
        node.children.sort(key=_sort_key)
    roots.sort(key=_sort_key)
    return roots
