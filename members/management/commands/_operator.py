from typing import Any

from django.core.management.base import BaseCommand, CommandError

from organizations.models import Organization, User


def operator(username: str | None) -> User:
    """The account a command acts as: the one named, or the first superuser."""
    users = User.objects.filter(is_active=True)
    user = users.filter(username=username).first() if username else None
    if username is None:
        user = users.filter(is_superuser=True).order_by("pk").first()
    if user is None:
        raise CommandError("No such active account; pass --as USERNAME.")
    return user


def organization(code: str | None) -> Organization | None:
    if not code:
        return None
    found = Organization.objects.filter(code__iexact=code).first()
    if found is None:
        raise CommandError(f"No organization with code {code}.")
    return found


def refuse_rows(command: BaseCommand, result: Any) -> None:
    """An import with row errors: each printed, and a non-zero exit status."""
    if result.ok:
        return
    for line in result.error_lines():
        command.stderr.write(line)
    raise CommandError(f"{len(result.errors)} row(s) with errors; nothing imported.")
