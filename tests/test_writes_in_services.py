"""Every write lives in a services package (README, "Where things live"):
outside each app's services/ (and the review's), only the member import's
bulk writer and the demo builder open a transaction, lock rows or wait for a
commit. A module that does elsewhere is a write the next reader will not
find."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.smoke

APPS = ("organizations", "members", "candidates", "reports", "config")
ALLOWED = (
    "members/imports/writing.py",
    "reports/demo/",
    "reports/management/commands/seed_demo.py",
)
TRANSACTIONAL = {"atomic", "on_commit", "select_for_update", "savepoint"}


def _writes(tree: ast.AST) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in TRANSACTIONAL
    ] + [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.db.transaction"
    ]


def _modules() -> list[Path]:
    root = Path(settings.BASE_DIR)
    return sorted(
        path
        for app in APPS
        for path in (root / app).rglob("*.py")
        if "migrations" not in path.parts
    )


def test_only_services_open_transactions():
    root = Path(settings.BASE_DIR)
    offenders = []
    in_services = 0
    for path in _modules():
        name = str(path.relative_to(root))
        lines = _writes(ast.parse(path.read_text()))
        if "services" in path.parts:
            in_services += bool(lines)
        elif lines and not name.startswith(ALLOWED):
            offenders.append(f"{name}:{lines[0]}")
    assert offenders == []
    # The check reads the code it guards: the services do lock and commit.
    assert in_services >= 15


def test_the_check_finds_a_transaction():
    code = "@transaction.atomic\ndef f():\n    M.objects.select_for_update()\n"
    assert _writes(ast.parse(code)) == [1, 3]
