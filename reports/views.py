from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from candidates.targets import target_summary
from members.due import probation_due_count
from organizations import clock
from organizations.forms import as_at_from
from organizations.http import AuthedRequest
from organizations.selectors import (
    scope_roots,
)
from organizations.services.notifications import mark_read, unread_for

from .due import due_items
from .selectors import dashboard_figures, yearly_trend


def dashboard(request: AuthedRequest) -> HttpResponse:
    form, day = as_at_from(request.GET)
    roots = scope_roots(request.user)
    trend = yearly_trend(request.user, clock.today()) if roots else []
    context = {
        "trend": trend,
        "trend_widest": max((year.members for year in trend), default=0),
        "form": form,
        "as_at": day,
        "roots": roots,
        "figures": dashboard_figures(request.user, day) if roots else None,
        "probation_due": probation_due_count(request.user) if roots else 0,
        "due": due_items(request.user, clock.today()) if roots else [],
        "notifications": unread_for(request.user),
        "targets": target_summary(request.user, clock.today().year) if roots else None,
    }
    return render(request, "reports/dashboard.html", context)


@require_POST
def notifications_read(request: AuthedRequest) -> HttpResponse:
    mark_read(request.user)
    return redirect("reports:dashboard")
