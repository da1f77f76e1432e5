"""The cell's monthly record: who missed the meeting or the dues without a
valid reason, and who was away ill, one month on one page, ticked from a
phone."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from organizations import clock
from organizations.calendar import add_months
from organizations.http import AuthedRequest
from organizations.selectors import Permission, can, get_organization_for

from .models import Member, MissedMonth
from .services.monthly import record_month

SHOWN_MONTHS = 12


def _months() -> list[datetime.date]:
    this = clock.today().replace(day=1)
    return [add_months(this, -n) for n in range(SHOWN_MONTHS)]


def _month(text: str | None, months: list[datetime.date]) -> datetime.date:
    """The asked month among those offered (YYYY-MM), else the last one ended."""
    for month in months:
        if text == f"{month:%Y-%m}":
            return month
    return months[1]


def organization_months(request: AuthedRequest, pk: int) -> HttpResponse:
    organization = get_organization_for(request.user, pk)
    writable = can(request.user, Permission.EDIT_REGISTRY, organization)
    if request.method == "POST" and not writable:
        raise PermissionDenied
    months = _months()
    month = _month(request.GET.get("month"), months)
    members = list(
        Member.objects.filter(organization=organization, end_date__isnull=True)
        .order_by("sort_key")
        .only("pk", "full_name")
    )
    if request.method == "POST":
        ids = {m.pk for m in members}
        ticked = {
            field: {int(v) for v in request.POST.getlist(field) if v.isdigit()} & ids
            for field in ("absent", "unpaid", "ill")
        }
        try:
            missed = record_month(
                organization,
                month=month,
                absent=ticked["absent"],
                unpaid=ticked["unpaid"],
                ill=ticked["ill"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Recorded for %(month)s: %(n)s members missed.")
                % {"month": f"{month:%m/%Y}", "n": missed},
            )
        return redirect(f"{request.path}?month={month:%Y-%m}")
    recorded = {
        row.member_id: row
        for row in MissedMonth.objects.filter(member__in=members, month=month)
    }
    context = {
        "organization": organization,
        "month": month,
        "months": months,
        "rows": [(member, recorded.get(member.pk)) for member in members],
        "writable": writable,
    }
    return render(request, "members/months.html", context)
