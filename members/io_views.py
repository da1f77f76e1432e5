"""Member import (as a background job) and export (the filtered, scoped list)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from organizations.http import AuthedRequest
from organizations.selectors import (
    Permission,
    holds_anywhere,
    organizations_with,
)

from .columns import HEADERS, TEMPLATE_HELP
from .exports import MemberExport
from .forms import ImportForm
from .imports.queue import request_member_import
from .tables import write_xlsx

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
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
    context = {
        "form": form,
        "headers": HEADERS,
        "help": TEMPLATE_HELP,
        "can_go_live": holds_anywhere(request.user, Permission.APPRAISE),
    }
    return render(request, "members/import.html", context)


def spreadsheet_download(content: bytes, kind: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def import_template(request: AuthedRequest) -> HttpResponse:
    return spreadsheet_download(write_xlsx([]), "xlsx", "mau-nhap-dang-vien.xlsx")


def export(request: AuthedRequest) -> HttpResponse:
    """The member list as the user filtered it, in their scope only; a long
    list is written by a background job and waits on the job's page."""
    filters = {k: str(v) for k, v in request.GET.items() if k != "format"}
    export = MemberExport(request.user, filters, request.GET.get("format", "xlsx"))
    if not export.usable:
        # The list page says what cannot be used; no file of nobody is made.
        return redirect(f"{reverse('members:list')}?{urlencode(filters)}")
    if export.too_long_to_wait():
        messages.info(
            request,
            _(
                "The list is long: the file is being prepared and can be "
                "downloaded here when it is ready."
            ),
        )
        return redirect(export.queue())
    content, _count = export.write()
    return spreadsheet_download(content, export.kind, export.filename)
