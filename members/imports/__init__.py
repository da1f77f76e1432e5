"""Importing members from a spreadsheet (see docs/member-import.md)."""

from .checks import ImportResult, check_rows
from .writing import import_members

__all__ = ["ImportResult", "check_rows", "import_members"]
