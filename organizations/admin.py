from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import (
    AuditEntry,
    CalendarDay,
    Job,
    Notification,
    Organization,
    RoleAssignment,
    RuleVersion,
    User,
)
from .services import accounts


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Registry data changes only through the application's services."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "is_active", "is_superuser", "last_login")
    search_fields = ("username", "full_name")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Registry"), {"fields": ("full_name", "phone", "must_change_password")}),
    )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin[RoleAssignment]):
    list_display = (
        "user",
        "organization",
        "role",
        "position",
        "started_on",
        "ended_on",
    )
    list_filter = ("role", "position")
    search_fields = ("user__username", "user__full_name", "organization__name")
    autocomplete_fields = ("user", "organization")

    def get_readonly_fields(
        self, request: HttpRequest, obj: Any = None
    ) -> tuple[str, ...]:
        if obj is None:
            return ("granted_by",)
        return ("user", "organization", "role", "position", "started_on", "granted_by")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: RoleAssignment, form: Any, change: bool
    ) -> None:
        actor: Any = request.user
        if not change:
            created = accounts.grant_role(
                obj.user,
                organization=obj.organization,
                role=obj.role,
                position=obj.position,
                started_on=obj.started_on,
                by=actor,
            )
            obj.pk = created.pk
        elif obj.ended_on is not None and "ended_on" in form.changed_data:
            ended_on = obj.ended_on
            obj.refresh_from_db()
            accounts.end_role(obj, ended_on=ended_on, by=actor)


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "kind", "is_grassroots", "has_admission_authority")
    list_filter = ("kind", "is_grassroots", "has_admission_authority")
    search_fields = ("code", "name")


@admin.register(RuleVersion)
class RuleVersionAdmin(admin.ModelAdmin[RuleVersion]):
    """Superusers add new versions; a version in force is never edited or deleted."""

    list_display = ("key", "value", "unit", "effective_from", "judged_on", "source")
    list_filter = ("unit",)
    search_fields = ("key", "source")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin[CalendarDay]):
    list_display = ("date", "kind", "note", "source")
    list_filter = ("kind",)
    date_hierarchy = "date"


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = (
        "pk",
        "kind",
        "organization",
        "status",
        "progress",
        "runs",
        "created_at",
        "dispatched_at",
    )
    list_filter = ("status", "kind")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """What was told to whom, and whether its mail went out (a mail refused
    too often waits here with its error)."""

    list_display = (
        "created_at",
        "recipient",
        "organization",
        "mail_to",
        "mail_sent_at",
        "mail_attempts",
        "mail_error",
    )
    list_filter = (("mail_sent_at", admin.EmptyFieldListFilter),)
    search_fields = ("recipient__username", "mail_to", "message")


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor", "action", "target_type", "target_id")
    list_filter = ("action",)
