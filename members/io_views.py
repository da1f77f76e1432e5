"""Member import (as a background job) and export (the filtered, scoped list)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from organizations.http import AuthedRequest
from organizations.selectors import (
    Permission,
    holds_anywhere,
    organizations_with,
    visible_organizations,
)

from .columns import HEADERS, TEMPLATE_HELP
from .forms import ImportForm, MemberFilterForm
from .imports.queue import request_member_import
from .search import apply_filters
from .selectors import visible_members
from .tables import member_rows, write_csv, write_xlsx

TYPES = {
    "csv": ("text/csv; charset=utf-8", write_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        write_xlsx,
    ),
}


def import_page(request: AuthedRequest) -> HttpResponse:
    if not holds_anywhere(request.user, Permission.EDIT_REGISTRY):
        raise PermissionDenied
    writable = organizations_with(request.user, Permission.EDIT_REGISTRY)
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        organizations=writable,
        initial={"organization": writable.order_by("path").first()},
    )
    if request.method == "POST" and form.is_valid():
        job = request_member_import(
            form.cleaned_data["file"],
            organization=form.cleaned_data["organization"],
            dry_run=form.cleaned_data["dry_run"],
            by=request.user,
        )
        return redirect(job)
    context = {"form": form, "headers": HEADERS, "help": TEMPLATE_HELP}
    return render(request, "members/import.html", context)


def _download(content: bytes, kind: str, name: str) -> HttpResponse:
    content_type = TYPES[kind][0]
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


def import_template(request: AuthedRequest) -> HttpResponse:
    return _download(write_xlsx([]), "xlsx", "mau-nhap-dang-vien")


def export(request: AuthedRequest) -> HttpResponse:
    """The member list as the user filtered it, in their scope only."""
    kind = request.GET.get("format", "xlsx")
    if kind not in TYPES:
        kind = "xlsx"
    organizations = visible_organizations(request.user)
    form = MemberFilterForm(request.GET or None, organizations=organizations)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    members = visible_members(request.user).filter(end_date__isnull=True)
    if data.get("organization") is not None:
        members = members.in_subtree(data["organization"])
    members = apply_filters(members, data).select_related("organization", "ethnicity")
    content = TYPES[kind][1](member_rows(members.order_by("sort_key", "pk").iterator()))
    return _download(content, kind, f"dang-vien-{timezone.localdate():%Y%m%d}")
