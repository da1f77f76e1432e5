"""Account services for the organization committee: accounts, roles and handovers.

Every function checks the actor's scope itself (so the admin, a command or a
view cannot get around it) and raises PermissionDenied or ValidationError.
"""

import datetime
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations import clock

from ..audit import record_audit
from ..models import Organization, Role, RoleAssignment, User
from ..selectors import GRANTABLE_ROLES, Permission, can, can_manage_account

# No 0/O, 1/l/I: temporary passwords are read aloud over the phone.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"


def generate_temporary_password(length: int = 12) -> str:
    return "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(length))


def _check_grant(by: User, organization: Organization, role: str) -> None:
    if not can(by, Permission.MANAGE_ACCOUNTS, organization):
        raise PermissionDenied
    if not by.is_superuser and role not in GRANTABLE_ROLES:
        raise ValidationError(
            _("Only a system administrator can grant the role “%(role)s”.")
            % {"role": Role(role).label}
        )


def _check_manage(by: User, account: User) -> None:
    if not can_manage_account(by, account):
        raise PermissionDenied


@transaction.atomic
def create_account(
    *,
    username: str,
    full_name: str,
    organization: Organization,
    role: str,
    position: str,
    started_on: datetime.date | None = None,
    phone: str = "",
    by: User,
) -> tuple[User, str]:
    """Create an account holding `role` on `organization`, with a one-time temporary
    password that must be changed at first login. Returns the user and the password."""
    _check_grant(by, organization, role)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is already taken.")})
    password = generate_temporary_password()
    user = User(username=username, full_name=full_name, phone=phone, created_by=by)
    user.set_password(password)
    user.must_change_password = True
    user.full_clean(exclude=["password"])
    user.save()
    grant_role(
        user,
        organization=organization,
        role=role,
        position=position,
        started_on=started_on,
        by=by,
    )
    record_audit("account.create", user, by=by, organization=organization)
    return user, password


@transaction.atomic
def grant_role(
    user: User,
    *,
    organization: Organization,
    role: str,
    position: str,
    started_on: datetime.date | None = None,
    by: User,
) -> RoleAssignment:
    _check_grant(by, organization, role)
    if not user.is_superuser and user.pk != by.pk and user.role_assignments.exists():
        _check_manage(by, user)
    assignment = RoleAssignment(
        user=user,
        organization=organization,
        role=role,
        position=position,
        started_on=started_on or clock.today(),
        granted_by=by,
    )
    assignment.full_clean()
    assignment.save()
    record_audit(
        "role.grant",
        assignment,
        by=by,
        organization=organization,
        role=role,
        user=user.pk,
    )
    return assignment


@transaction.atomic
def end_role(
    assignment: RoleAssignment, *, ended_on: datetime.date, by: User
) -> RoleAssignment:
    """Close an assignment on `ended_on` (exclusive); the row stays as history."""
    _check_grant(by, assignment.organization, assignment.role)
    if assignment.ended_on is not None and assignment.ended_on <= ended_on:
        raise ValidationError(_("This role has already ended."))
    if ended_on <= assignment.started_on:
        raise ValidationError(_("A role must end after the day it started."))
    assignment.ended_on = ended_on
    assignment.save(update_fields=["ended_on", "updated_at"])
    record_audit("role.end", assignment, by=by, organization=assignment.organization)
    return assignment


@transaction.atomic
def hand_over_role(
    assignment: RoleAssignment,
    *,
    successor: User,
    on: datetime.date,
    position: str | None = None,
    by: User,
) -> RoleAssignment:
    """After a congress: the holder's assignment ends on `on` and the successor's
    starts that day, on the same organization with the same role."""
    if successor.pk == assignment.user_id:
        raise ValidationError(_("The successor must be a different person."))
    end_role(assignment, ended_on=on, by=by)
    return grant_role(
        successor,
        organization=assignment.organization,
        role=assignment.role,
        position=position or assignment.position,
        started_on=on,
        by=by,
    )


@transaction.atomic
def hand_over_role_to_new_account(
    assignment: RoleAssignment,
    *,
    username: str,
    full_name: str,
    on: datetime.date,
    by: User,
) -> tuple[User, str]:
    """Hand the role over to a successor who has no account yet: the account is
    created with a temporary password, holding the role from `on`."""
    end_role(assignment, ended_on=on, by=by)
    return create_account(
        username=username,
        full_name=full_name,
        organization=assignment.organization,
        role=assignment.role,
        position=assignment.position,
        started_on=on,
        by=by,
    )


@transaction.atomic
def set_account_active(account: User, *, active: bool, by: User) -> None:
    """Enable or disable sign-in. A disabled account's open sessions stop working
    at its next request, because the authentication backend refuses inactive users."""
    _check_manage(by, account)
    account.is_active = active
    account.save(update_fields=["is_active"])
    record_audit("account.enable" if active else "account.disable", account, by=by)


@transaction.atomic
def reset_password(account: User, *, by: User) -> str:
    """Give the account a new temporary password, to be changed at next login."""
    _check_manage(by, account)
    password = generate_temporary_password()
    account.set_password(password)
    account.must_change_password = True
    account.save(update_fields=["password", "must_change_password"])
    record_audit("account.reset_password", account, by=by)
    return password


@transaction.atomic
def change_own_password(user: User, *, new_password: str) -> None:
    validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    record_audit("account.change_password", user, by=user)
