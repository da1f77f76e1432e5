"""The yearly quality ranking of the grassroots organizations: their points
and level, with the year's admissions against the target beside them as one
of the criteria; recorded by the organization committee's staff."""

from collections import Counter

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from candidates.targets import admission_rows
from organizations import clock
from organizations.bounds import BoundedForm
from organizations.forms import points_field
from organizations.http import AuthedRequest
from organizations.models import OrganizationRating, QualityLevel
from organizations.selectors import Permission, can, get_organization_for
from organizations.services.ranking import rank_organization

STAFF = Permission.RECORD_COMMITTEE_DECISION


class RankForm(BoundedForm):
    year = forms.IntegerField(label=gettext_lazy("Year"))
    points = points_field(label=gettext_lazy("Points"))
    level = forms.ChoiceField(
        label=gettext_lazy("Level"),
        choices=[("", gettext_lazy("As the points give")), *QualityLevel.choices],
        required=False,
    )


def _year(text: str | None) -> int:
    today = clock.today()
    try:
        year = int(text or today.year - 1)
    except ValueError:
        return today.year - 1
    return year if 1930 <= year <= today.year else today.year - 1


def ranking(request: AuthedRequest) -> HttpResponse:
    year = _year(request.GET.get("year"))
    rows = admission_rows(request.user, year)
    ratings = {
        rating.organization_id: rating
        for rating in OrganizationRating.objects.filter(
            organization__in=[row.organization for row in rows], year=year
        )
    }
    levels = Counter(rating.level for rating in ratings.values())
    context = {
        "year": year,
        "years": range(clock.today().year, clock.today().year - 6, -1),
        "rows": [(row, ratings.get(row.organization.pk)) for row in rows],
        "editable": {
            row.organization.pk
            for row in rows
            if can(request.user, STAFF, row.organization)
        },
        "counts": [(label, levels[value]) for value, label in QualityLevel.choices],
        "not_ranked": len(rows) - len(ratings),
        "levels": QualityLevel.choices,
    }
    return render(request, "reports/ranking.html", context)


@require_POST
def rank(request: AuthedRequest, pk: int) -> HttpResponse:
    organization = get_organization_for(request.user, pk, permission=STAFF)
    form = RankForm(request.POST)
    year = _year(request.POST.get("year"))
    if form.is_valid():
        try:
            rank_organization(
                organization,
                year=form.cleaned_data["year"],
                points=form.cleaned_data["points"],
                level=form.cleaned_data["level"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, f"{organization.name}: {' '.join(error.messages)}")
        else:
            messages.success(request, _("Recorded."))
    else:
        problems = [str(m) for errors in form.errors.values() for m in errors]
        messages.error(request, f"{organization.name}: {' '.join(problems)}")
    return redirect(reverse("reports:ranking") + f"?year={year}#rank-{organization.pk}")
