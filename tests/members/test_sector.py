"""Where a grassroots organization works (commune, agency, public service
unit, enterprise, armed forces), recorded by org_staff for the statistics."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from members.services.reorganization import set_sector
from organizations.models import Organization

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.smoke,
    pytest.mark.usefixtures("frozen_today"),
]


def test_org_staff_classify_a_grassroots_organization(
    org_tree, org_staff, hothau_secretary
):
    with pytest.raises(PermissionDenied):
        set_sector(org_tree.hothau, sector="commune", by=hothau_secretary)
    with pytest.raises(ValidationError):
        set_sector(org_tree.agency, sector="bank", by=org_staff)
    set_sector(org_tree.agency, sector="enterprise", by=org_staff)
    org_tree.agency.refresh_from_db()
    assert org_tree.agency.sector == Organization.Sector.ENTERPRISE


def test_the_sector_page(org_tree, org_staff, viewer, client_as):
    url = reverse("members:reorganize", args=[org_tree.agency.pk, "sector"])
    assert client_as(viewer).post(url, {"sector": "agency"}).status_code == 403
    form = client_as(org_staff).get(url)
    assert form.status_code == 200
    assert "Đơn vị sự nghiệp" in form.content.decode()
    assert client_as(org_staff).post(url, {"sector": "agency"}).status_code == 302
    org_tree.agency.refresh_from_db()
    assert org_tree.agency.sector == "agency"
    page = client_as(org_staff).get(
        reverse("members:organization", args=[org_tree.agency.pk])
    )
    assert "Cơ quan Đảng, Nhà nước, Mặt trận và đoàn thể" in page.content.decode()
    assert client_as(org_staff).post(url, {"sector": "<b>"}).status_code == 200
    # Only grassroots organizations are classified.
    cell = reverse("members:reorganize", args=[org_tree.hothau_village.pk, "sector"])
    assert client_as(org_staff).get(cell).status_code == 404
    opened = client_as(org_staff).post(
        reverse("members:reorganize", args=[org_tree.district.pk, "open"]),
        {
            "name": "Chi bộ Điện lực",
            "code": "T-DL",
            "kind": Organization.Kind.GRASSROOTS_CELL,
            "is_grassroots": "on",
            "sector": "enterprise",
            "changed_on": "15/03/2024",
        },
    )
    assert opened.status_code == 302
    assert Organization.objects.get(code="T-DL").sector == "enterprise"
