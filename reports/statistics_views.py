"""The statistics page: the figures of a period for an organization the user
may read, as tables and bar charts, frozen or live; the same as a PDF or XLSX
file from the worker; freezing a period that has ended."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organizations import clock
from organizations.forms import indented_name
from organizations.http import AuthedRequest
from organizations.models import Organization
from organizations.replica import replica_reads
from organizations.selectors import (
    Permission,
    can,
    scope_roots,
    visible_organizations,
)

from .forms import FreezeForm, StatisticsForm, statistics_form
from .services.statistics import current_snapshot, figures_for, freeze
from .statistics import Period, compute
from .statistics.files import FORMATS, request_statistics_file
from .statistics.present import present


def _asked(
    request: AuthedRequest, data: Any
) -> tuple[StatisticsForm, Organization, Period]:
    return statistics_form(
        data,
        # Grassroots organizations and the committees above them: a list of
        # every village cell of a province would be thousands long.
        organizations=visible_organizations(request.user).exclude(
            kind=Organization.Kind.SUBORDINATE_CELL
        ),
        default=scope_roots(request.user)[0],
    )


def statistics(request: AuthedRequest) -> HttpResponse:
    if not scope_roots(request.user):
        return render(request, "reports/statistics.html", {"roots": []})
    form, root, period = _asked(request, request.GET)
    live = request.GET.get("live") == "1"
    with replica_reads() as replica:
        if live:
            figures, snapshot = compute(root, period), None
        else:
            figures, snapshot = figures_for(root, period)
    context = {
        "replica": replica,
        "roots": True,
        "form": form,
        "root": root,
        "period": period,
        "snapshot": snapshot,
        "frozen": snapshot or (current_snapshot(root, period) if live else None),
        "live": live,
        "sections": present(figures),
        "organization_choices": [
            (o.pk, indented_name(o))
            for o in form.fields["organization"]
            .queryset.order_by("path")  # type: ignore[attr-defined]
            .only("pk", "name", "depth")
        ],
        "formats": list(FORMATS),
        "query": _without_live(request),
        "can_freeze": period.last < clock.today()
        and can(request.user, Permission.RECORD_COMMITTEE_DECISION, root),
        "freeze_form": FreezeForm(),
    }
    return render(request, "reports/statistics.html", context)


def _without_live(request: AuthedRequest) -> str:
    params = request.GET.copy()
    params.pop("live", None)
    return params.urlencode()


def _back(request: AuthedRequest) -> str:
    query = request.POST.get("query", "")
    return reverse("reports:statistics") + (f"?{query}" if query else "")


@require_POST
def statistics_file(request: AuthedRequest, file_format: str) -> HttpResponse:
    if file_format not in FORMATS or not scope_roots(request.user):
        return HttpResponse(status=404)
    form, root, period = _asked(request, request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the organization and the period again."))
        return redirect(_back(request))
    snapshot = current_snapshot(root, period)
    job = request_statistics_file(
        root,
        period,
        file_format=file_format,
        by=request.user,
        snapshot_id=snapshot.pk if snapshot else None,
    )
    return redirect(job)


@require_POST
def statistics_freeze(request: AuthedRequest) -> HttpResponse:
    if not scope_roots(request.user):
        return HttpResponse(status=404)
    form, root, period = _asked(request, request.POST)
    confirm = FreezeForm(request.POST)
    if not form.is_valid() or not confirm.is_valid():
        messages.error(request, _("Choose the organization and the period again."))
        return redirect(_back(request))
    try:
        freeze(
            root,
            period,
            by=request.user,
            again=confirm.cleaned_data["again"],
            reason=confirm.cleaned_data["reason"],
        )
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("The figures are frozen."))
    return redirect(_back(request))
