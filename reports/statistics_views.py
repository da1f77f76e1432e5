"""The statistics page: the figures of a period for an organization the user
may read, as tables and bar charts."""

from django.http import HttpResponse
from django.shortcuts import render

from organizations.http import AuthedRequest
from organizations.selectors import scope_roots, visible_organizations

from .forms import statistics_form
from .statistics import compute
from .statistics.present import present


def statistics(request: AuthedRequest) -> HttpResponse:
    roots = scope_roots(request.user)
    if not roots:
        return render(request, "reports/statistics.html", {"roots": roots})
    form, root, period = statistics_form(
        request.GET,
        organizations=visible_organizations(request.user),
        default=roots[0],
    )
    figures = compute(root, period)
    context = {
        "roots": roots,
        "form": form,
        "root": root,
        "period": period,
        "sections": present(figures),
    }
    return render(request, "reports/statistics.html", context)
