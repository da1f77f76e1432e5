"""The 2025 reform applied to the demo: the communes move from the district to
the province and decide their own admissions. Dated 1 July 2025 it is
refused, naming the decisions the district's Standing Committee took after
that day in the demo; dated after the demo's last decision it is recorded, the
district's figures of 2024 do not change, and from then on the commune
committees decide."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from candidates.models import AgendaItem, Candidate
from candidates.pipeline import competent_committee
from members.selectors import member_counts_by_subtree
from members.services.reorganization import move_subtree, set_admission_authority
from organizations.models import Authority, Organization, User

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]

JULY_2025 = datetime.date(2025, 7, 1)
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

    decided = AgendaItem.objects.exclude(outcome=AgendaItem.Outcome.PENDING)
    last = decided.latest("meeting__held_on")

    def commune_of_item(item):
        path = item.organization.path
        return next((c for c in communes if path.startswith(c.path)), None)

    # The demo's last decision may be an agency's: the commune refused is the
    # one of the latest decision made for a commune.
    deciding = next(
        found
        for item in decided.order_by("-meeting__held_on")
        if (found := commune_of_item(item)) is not None
    )
    with pytest.raises(ValidationError) as refused:
        move_subtree(deciding, new_parent=province, on=JULY_2025, by=root)
    # The district's Standing Committee decided on its dossiers after that day.
    text = " ".join(refused.value.messages)
    assert any(
        item.subject_name in text
        for item in decided
        if commune_of_item(item) == deciding and item.meeting.held_on > JULY_2025
    )
    assert Organization.objects.get(pk=deciding.pk).parent == district
    reform = last.meeting.held_on + datetime.timedelta(days=1)
    for commune in communes:
        move_subtree(commune, new_parent=province, on=reform, by=root)
        set_admission_authority(commune, holds=True, on=reform, by=root)
    set_admission_authority(district, holds=False, on=reform, by=root)

    assert _figures(client, END_2024) == before
    assert _per_commune(communes, END_2024) == per_commune
    # From the reform the communes are no longer the district's: its figures
    # hold only the district agencies' organizations that stayed under it.
    members_then, grassroots_then, _ = _figures(client, reform)
    assert members_then < before[0] / 3
    assert grassroots_then == before[1] - len(communes)

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
    assert cell.nearest_holding(Authority.ADMISSION, on=reform) == commune
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
    # Every decision of the demo was taken before the reform, by the district.
    assert all(competent_committee(dossier) == district for dossier in decided)
