"""The 2025 reform applied to the demo: the communes move from the district to
the province and decide their own admissions from 1 July 2025. The district's
figures of 2024 do not change; from then on the commune committees decide."""

import datetime

import pytest
from django.urls import reverse

from candidates.models import Candidate
from candidates.pipeline import competent_committee
from members.selectors import member_counts_by_subtree
from members.services.reorganization import move_subtree, set_admission_authority
from organizations.models import Authority, Organization, User

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

REFORM = datetime.date(2025, 7, 1)
END_2024 = datetime.date(2024, 12, 31)
Kind = Organization.Kind


def _figures(client, day):
    page = client.get(reverse("reports:dashboard"), {"as_at": day.isoformat()})
    figures = page.context["figures"]
    return figures.members.total, figures.grassroots, figures.admitted_in_year


def _per_commune(communes, day):
    counts = member_counts_by_subtree(communes, day)
    return {c.code: counts[c.pk].total for c in communes}


def test_the_2025_reform_leaves_2024_as_it_was(demo, client, django_user_model):
    district = Organization.objects.get(code="HSP")
    province = Organization.objects.get(code="HG")
    communes = list(district.children.filter(kind=Kind.COMMUNE_COMMITTEE))
    btc = User.objects.get(username="btc")
    client.force_login(btc, backend="django.contrib.auth.backends.ModelBackend")
    before = _figures(client, END_2024)
    per_commune = _per_commune(communes, END_2024)
    assert before[0] > 5000
    root = django_user_model.objects.create_superuser("reform", password="x")

    for commune in communes:
        move_subtree(commune, new_parent=province, on=REFORM, by=root)
        set_admission_authority(commune, holds=True, on=REFORM, by=root)
    set_admission_authority(district, holds=False, on=REFORM, by=root)

    assert _figures(client, END_2024) == before
    assert _per_commune(communes, END_2024) == per_commune
    # As at 2026 the communes are no longer the district's: its figures hold
    # only the district agencies' organizations that stayed under it.
    members_2026, grassroots_2026, _ = _figures(client, datetime.date(2026, 6, 1))
    assert members_2026 < before[0] / 3
    assert grassroots_2026 == before[1] - len(communes)

    by_path = {
        c.path: c for c in Organization.objects.filter(pk__in=[c.pk for c in communes])
    }

    def commune_of(candidate):
        return next(
            c for p, c in by_path.items() if candidate.organization.path.startswith(p)
        )

    open_ones = Candidate.objects.filter(
        decided_on__isnull=True, status=Candidate.Status.ACTIVE
    ).select_related("organization")
    candidate = next(
        c
        for c in open_ones
        if c.organization.kind != Kind.GRASSROOTS_CELL
        and any(c.organization.path.startswith(p) for p in by_path)
    )
    commune = commune_of(candidate)
    assert competent_committee(candidate) == commune
    cell = candidate.organization
    assert cell.nearest_holding(Authority.ADMISSION, on=END_2024) == district
    assert cell.nearest_holding(Authority.ADMISSION, on=REFORM) == commune
    # A decided dossier keeps the committee that held the power on its
    # decision's date.
    decided = [
        c
        for c in Candidate.objects.filter(decided_on__isnull=False).select_related(
            "organization"
        )
        if any(c.organization.path.startswith(p) for p in by_path)
    ]
    assert decided
    # One decided the day before the reform (the demo's decisions are recent).
    Candidate.objects.filter(pk=decided[0].pk).update(
        decided_on=REFORM - datetime.timedelta(days=1)
    )
    decided[0].refresh_from_db()
    for dossier in decided:
        expected = district if dossier.decided_on < REFORM else commune_of(dossier)
        assert competent_committee(dossier) == expected
