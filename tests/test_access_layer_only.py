"""Views look objects up only through the access layer (each app's
selectors.py): a view that calls get_object_or_404 or .objects.get itself on
registry data could skip the scope (DESIGN.md §2)."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.smoke

APPS = ("organizations", "members", "candidates", "reports")


def _view_modules() -> list[Path]:
    root = Path(settings.BASE_DIR)
    found: list[Path] = []
    for app in APPS:
        found += (root / app).rglob("*views*.py")
        found += (root / app).rglob("views/*.py")
    return sorted(set(found))


def _lookups(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        if (isinstance(function, ast.Name) and function.id == "get_object_or_404") or (
            isinstance(function, ast.Attribute)
            and function.attr in ("get", "get_or_create")
            and isinstance(function.value, ast.Attribute)
            and function.value.attr == "objects"
        ):
            lines.append(node.lineno)
    return lines


def test_views_look_objects_up_through_the_access_layer():
    modules = _view_modules()
    names = {str(path.relative_to(settings.BASE_DIR)) for path in modules}
    assert {"candidates/review/views.py", "candidates/probation/views.py"} <= names
    offenders = [
        f"{path.relative_to(settings.BASE_DIR)}:{line}"
        for path in modules
        for line in _lookups(ast.parse(path.read_text()))
    ]
    assert offenders == []


def test_the_check_finds_a_lookup():
    tree = ast.parse("def view(r, pk):\n    return Member.objects.get(pk=pk)\n")
    assert _lookups(tree) == [2]
    assert _lookups(ast.parse("get_object_or_404(Member, pk=1)")) == [1]
