"""The audit log's page: the organization committee's staff search who did
or read what, by person, record, organization and date, within their scope.
Reading the log is itself logged."""

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .audit import record_audit
from .bounds import BoundedForm
from .forms import OrganizationChoiceField, date_field
from .http import AuthedRequest
from .models import AuditEntry, Organization
from .selectors import Permission, holds_anywhere, organizations_with, visible_audit

ENTRIES_PER_PAGE = 50


class AuditSearchForm(BoundedForm):
    person = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=150,
        help_text=_("Account name or full name of who acted."),
    )
    record = forms.CharField(
        label=_("Record concerned (type:number)"),
        required=False,
        max_length=100,
        help_text=_("For example candidates.candidate:125, or just 125."),
    )
    organization = OrganizationChoiceField(
        label=_("Organization"), queryset=Organization.objects.none(), required=False
    )
    action = forms.CharField(label=_("Action"), required=False, max_length=60)
    start = date_field(_("From"), required=False)
    end = date_field(_("To"), required=False)

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The first day comes before the last."))
        return data


def _searched(
    entries: QuerySet[AuditEntry], data: dict[str, Any]
) -> QuerySet[AuditEntry]:
    if person := data.get("person", "").strip():
        entries = entries.filter(
            Q(actor__username__iexact=person) | Q(actor__full_name__icontains=person)
        )
    if record := data.get("record", "").strip():
        kind, _sep, key = record.rpartition(":")
        entries = entries.filter(target_id=key.strip())
        if kind:
            entries = entries.filter(target_type=kind.strip().lower())
    if organization := data.get("organization"):
        entries = entries.filter(organization__path__startswith=organization.path)
    if action := data.get("action", "").strip():
        entries = entries.filter(action__icontains=action)
    if start := data.get("start"):
        entries = entries.filter(at__date__gte=start)
    if end := data.get("end"):
        entries = entries.filter(at__date__lte=end)
    return entries


def audit_log(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if not holds_anywhere(user, Permission.READ_AUDIT):
        raise PermissionDenied
    form = AuditSearchForm(
        request.GET or None,
        organizations=organizations_with(user, Permission.READ_AUDIT),
    )
    entries = visible_audit(user).select_related("actor", "organization")
    searched = form.is_bound and form.is_valid()
    if searched:
        entries = _searched(entries, form.cleaned_data)
        record_audit(
            "audit.search",
            user,
            by=user,
            search={k: str(v) for k, v in form.cleaned_data.items() if v},
        )
    page = Paginator(entries.order_by("-at", "-pk"), ENTRIES_PER_PAGE)
    context = {
        "form": form,
        "page": page.get_page(request.GET.get("page")),
        "searched": searched,
    }
    return render(request, "organizations/audit_log.html", context)
