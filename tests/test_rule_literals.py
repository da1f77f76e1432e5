"""No party-rule number is written in the code that applies the rules: the
numbers are rule rows (DOMAIN.md, the rule table). In the rule modules a
number in an expression must be one of the calendar's own (months in a year,
the last day of December), the first year a record may name, or the top of
the 100-point scale; named module constants and parameter defaults (display
settings such as how far ahead a list looks) are allowed and read as such."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RULE_MODULES = [
    "candidates/rules.py",
    "candidates/gates.py",
    "candidates/dossier_checks.py",
    "candidates/electorate.py",
    "candidates/services/admission.py",
    "candidates/services/votes.py",
    "members/due.py",
    "members/removal.py",
    "members/services/badges.py",
    "members/services/discipline.py",
    "members/services/lifecycle.py",
    "members/services/monthly.py",
    "members/services/ratings.py",
    "members/services/readmission.py",
    "members/services/transfers.py",
    "organizations/services/ranking.py",
    "reports/due.py",
]
# 12 months a year, 31 December, the first year of the records, 100 points.
ALLOWED = {0, 1, 12, 31, 1930, 100}


def _allowed_places(tree: ast.Module) -> set[int]:
    """The ids of the nodes under a named constant or a parameter default."""
    places: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and all(
            isinstance(t, ast.Name) and t.id.isupper() for t in node.targets
        ):
            places |= {id(n) for n in ast.walk(node.value)}
        if isinstance(node, ast.arguments):
            for default in [*node.defaults, *node.kw_defaults]:
                if default is not None:
                    places |= {id(n) for n in ast.walk(default)}
    return places


def _numbers(source: str, name: str) -> list[str]:
    tree = ast.parse(source)
    allowed = _allowed_places(tree)
    return [
        f"{name}:{node.lineno}: {node.value}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
        and node.value not in ALLOWED
        and id(node) not in allowed
    ]


def test_no_party_rule_number_in_the_rule_modules():
    found = [
        line
        for module in RULE_MODULES
        for line in _numbers((ROOT / module).read_text(encoding="utf-8"), module)
    ]
    assert found == []


def test_the_check_finds_a_number():
    source = (
        "LIMIT = 40\n"
        "def needed(route, shown=30):\n"
        "    return 2 if route == 'members' else 1\n"
    )
    assert _numbers(source, "rules.py") == ["rules.py:3: 2"]
