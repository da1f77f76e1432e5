"""The going-live import page (the organization committee's staff): choose a
sheet, upload it, follow the job; and each sheet's template."""

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from members.forms import SheetUploadForm
from members.io_views import spreadsheet_download
from members.tables import write_xlsx
from organizations.http import AuthedRequest
from organizations.selectors import Permission, holds_anywhere, organizations_with

from .golive import SHEETS
from .golive.queue import request_golive_import


class GoLiveForm(SheetUploadForm):
    sheet = forms.ChoiceField(
        label=_("What the sheet holds"), widget=forms.RadioSelect, choices=()
    )
    field_order = ["sheet", "file", "dry_run"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sheet"].choices = [  # type: ignore[attr-defined]
            (slug, sheet.title) for slug, sheet in SHEETS.items()
        ]


def _staff_only(request: AuthedRequest) -> None:
    """Only who appraises (the organization committee's staff) brings a
    district's pipeline in: the rows carry the committees' own votes."""
    if not holds_anywhere(request.user, Permission.APPRAISE):
        raise PermissionDenied


def golive_import(request: AuthedRequest) -> HttpResponse:
    _staff_only(request)
    form = GoLiveForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        scope = organizations_with(request.user, Permission.APPRAISE)
        job = request_golive_import(
            form.cleaned_data["file"],
            sheet=form.cleaned_data["sheet"],
            organization=scope.order_by("path").first(),  # type: ignore[arg-type]
            dry_run=form.cleaned_data["dry_run"],
            by=request.user,
        )
        return redirect(job)
    return render(
        request, "candidates/golive.html", {"form": form, "sheets": SHEETS.values()}
    )


def golive_template(request: AuthedRequest, slug: str) -> HttpResponse:
    _staff_only(request)
    sheet = SHEETS.get(slug)
    if sheet is None:
        raise Http404
    content = write_xlsx(
        [], sheet.headers, dates=sheet.date_headers, title=str(sheet.title)[:31]
    )
    return spreadsheet_download(content, "xlsx", sheet.template_name)
