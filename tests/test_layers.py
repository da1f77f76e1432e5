"""The apps import one way, organizations ← members ← candidates ← reports
(README, "Where things live"): a lower app that imports a higher one ties the
registry's core to what is built on it (candidates once re-queued reports'
document jobs by name). config/ is the project, not an app: no app imports it."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.smoke

ORDER = ("organizations", "members", "candidates", "reports")


def _imported(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
    return names


def _backwards(app: str, tree: ast.AST) -> set[str]:
    above = set(ORDER[ORDER.index(app) + 1 :]) | {"config"}
    return _imported(tree) & above


def test_apps_import_only_the_layers_below():
    root = Path(settings.BASE_DIR)
    offenders = sorted(
        f"{path.relative_to(root)} imports {', '.join(sorted(found))}"
        for app in ORDER
        for path in (root / app).rglob("*.py")
        if (found := _backwards(app, ast.parse(path.read_text())))
    )
    assert offenders == []


def test_the_check_finds_a_backward_import():
    assert _backwards("candidates", ast.parse("from reports.tasks import x")) == {
        "reports"
    }
    assert _backwards("organizations", ast.parse("from config.celery import app")) == {
        "config"
    }
    assert _backwards("reports", ast.parse("import candidates.models")) == set()
