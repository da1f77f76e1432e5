"""Temporary transfers and members received from outside the registry."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from members.models import (
    Member,
    MemberEvent,
    Placement,
    TemporaryTransfer,
)
from members.selectors import member_counts
from members.services.recording import Decision
from members.services.temporary import end_temporary_transfer, start_temporary_transfer
from members.services.transfers import Admission, receive_from_outside
from tests.factories import MemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

D = datetime.date
Kind = MemberEvent.Kind


def decision(day, number="55-QĐ/TU"):
    return Decision(number, day, "Ban Thường vụ Tỉnh ủy Hà Giang")


@pytest.fixture
def official(org_tree):
    return MemberFactory(
        full_name="Vàng Seo Páo",
        organization=org_tree.hothau_village,
        card_number="47000123",
    )


# Temporary transfers


def start_away(member, by, *, until, purpose="work", to=None, outside="", start=None):
    return start_temporary_transfer(
        member,
        to=to,
        outside=outside,
        purpose=purpose,
        start=start or D(2026, 6, 1),
        until=until,
        introduction_number="12-GGT",
        by=by,
    )


@pytest.mark.parametrize(
    ("purpose", "until", "allowed"),
    [
        ("work", D(2026, 9, 1), True),  # exactly 3 months
        ("work", D(2026, 8, 31), False),  # one day short
        ("work", D(2027, 5, 31), True),  # under one year
        ("work", D(2027, 6, 1), False),  # a full year needs an official transfer
        ("study", D(2028, 6, 1), True),  # two years of study
        ("study", D(2028, 6, 2), False),
    ],
)
def test_temporary_transfer_durations(
    official, org_tree, hothau_secretary, purpose, until, allowed
):
    if allowed:
        start_away(
            official,
            hothau_secretary,
            until=until,
            purpose=purpose,
            outside="Chi bộ Trường Chính trị tỉnh",
        )
        assert official.temporary_transfers.count() == 1
    else:
        with pytest.raises(ValidationError):
            start_away(
                official,
                hothau_secretary,
                until=until,
                purpose=purpose,
                outside="Chi bộ Trường Chính trị tỉnh",
            )
        assert not TemporaryTransfer.objects.exists()


def test_temporary_transfer_keeps_the_member_at_home(
    official, org_tree, hothau_secretary, namdich_secretary, client_as
):
    start_away(official, hothau_secretary, until=D(2027, 3, 1), to=org_tree.namdich)
    # Still counted at home, not by the host.
    counts = member_counts(
        Placement.objects.filter(organization=org_tree.hothau_village), D(2026, 11, 28)
    )
    assert counts.total == 1
    assert official.placements.get().organization == org_tree.hothau_village
    # The host sees the member on its transfer list, but not the record.
    host = client_as(namdich_secretary)
    page = host.get(reverse("members:transfers"))
    assert "Vàng Seo Páo" in page.content.decode()
    assert host.get(official.get_absolute_url()).status_code == 404
    with pytest.raises(ValidationError):
        start_away(official, hothau_secretary, until=D(2027, 3, 1), outside="X")
    with pytest.raises(ValidationError):
        end_temporary_transfer(official, on=D(2026, 6, 1), by=hothau_secretary)
    end_temporary_transfer(official, on=D(2026, 11, 1), by=hothau_secretary)
    kinds = list(official.events.values_list("kind", flat=True))
    assert Kind.TEMPORARY_LEFT in kinds
    assert Kind.TEMPORARY_RETURNED in kinds


def test_temporary_transfer_via_the_member_page(official, hothau_secretary, client_as):
    client = client_as(hothau_secretary)
    url = reverse("members:action", args=[official.pk, "temporary-transfer"])
    response = client.post(
        url,
        {
            "outside": "Chi bộ Trường Chính trị tỉnh",
            "purpose": "study",
            "on": "01/09/2026",
            "until": "01/03/2026",
            "introduction_number": "3-GGT",
        },
    )
    assert response.status_code == 200
    assert not TemporaryTransfer.objects.exists()
    response = client.post(
        url,
        {
            "outside": "Chi bộ Trường Chính trị tỉnh",
            "purpose": "study",
            "on": "01/09/2026",
            "until": "01/07/2027",
            "introduction_number": "3-GGT",
        },
    )
    assert response.status_code == 302
    page = client.get(official.get_absolute_url()).content.decode()
    assert "Chi bộ Trường Chính trị tỉnh" in page


# Members received from outside the registry


PROFILE = {
    "full_name": "Pờ Ly Ngài",
    "sex": "female",
    "birth_date": D(1990, 4, 12),
    "ethnicity": None,
    "cccd": "002190001234",
    "general_education": "12/12",
}


@pytest.fixture
def profile():
    from members.models import Ethnicity

    return {**PROFILE, "ethnicity": Ethnicity.objects.get(name="La Chí")}


def take_in(org, by, profile, **changes):
    values = {
        "admission": Admission(
            decision(D(2015, 3, 1), "20-QĐ/HU"), D(2015, 3, 20), D(2016, 3, 20)
        ),
        "came_from": "Đảng bộ huyện Xín Mần",
        "introduction_number": "88-GGT/HU",
        "received_on": D(2026, 10, 5),
        **changes,
    }
    return receive_from_outside(org, profile=profile, by=by, **values)


def test_member_from_outside_is_counted_from_the_receipt(
    org_tree, hothau_secretary, profile
):
    member = take_in(org_tree.hothau_village, hothau_secretary, profile)
    assert (member.status, member.party_age_from) == ("official", D(2015, 3, 1))
    placement = member.placements.get()
    assert (placement.start, placement.opens_period) == (D(2026, 10, 5), False)
    assert member.events.get().kind == Kind.TRANSFERRED_IN
    assert member.events.get().note == "Đảng bộ huyện Xín Mần"
    assert member_counts(Placement.objects.all(), D(2026, 10, 4)).total == 0
    assert member_counts(Placement.objects.all(), D(2026, 10, 5)).total == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"admission": Admission(decision(D(2015, 3, 1)), D(2015, 2, 1), None)},
        {
            "admission": Admission(
                decision(D(2015, 3, 1)), D(2015, 3, 20), D(2015, 12, 1)
            )
        },
        {"received_on": D(2027, 1, 1)},
        {"came_from": " "},
    ],
)
def test_member_from_outside_bad_dates_save_nothing(
    org_tree, hothau_secretary, profile, changes
):
    with pytest.raises(ValidationError):
        take_in(org_tree.hothau_village, hothau_secretary, profile, **changes)
    assert not Member.objects.exists()


def test_member_from_outside_refused_outside_scope_and_duplicate_cccd(
    org_tree, hothau_secretary, namdich_secretary, profile
):
    with pytest.raises(PermissionDenied):
        take_in(org_tree.hothau_village, namdich_secretary, profile)
    take_in(org_tree.hothau_village, hothau_secretary, profile)
    with pytest.raises(ValidationError, match="CCCD"):
        take_in(
            org_tree.hothau_village, hothau_secretary, {**profile, "full_name": "Khác"}
        )
    assert Member.objects.count() == 1


def transfer_in_data(org_tree, ethnicity) -> dict[str, object]:
    """The transfer-in form as a secretary fills it in for Pờ Ly Ngài."""
    return {
        "organization": org_tree.hothau_village.pk,
        "full_name": "Pờ Ly Ngài",
        "sex": "female",
        "birth_date": "12/04/1990",
        "ethnicity": ethnicity.pk,
        "religion": "none",
        "religious_role": "none",
        "professional_level": "none",
        "political_theory": "none",
        "state_management": "none",
        "cccd": "002190001234",
        "came_from": "Đảng bộ huyện Xín Mần",
        "introduction_number": "88-GGT/HU",
        "received_on": "05/10/2026",
        "decision_number": "20-QĐ/HU",
        "decision_date": "01/03/2015",
        "ceremony_date": "20/03/2015",
        "official_date": "20/03/2016",
    }


def test_transfer_in_page(org_tree, hothau_secretary, viewer, client_as, profile):
    url = reverse("members:transfer_in")
    assert client_as(viewer).get(url).status_code == 403
    client = client_as(hothau_secretary)
    form = client.get(url).content.decode()
    assert "Chi bộ thôn Nậm Hồng" not in form
    data = transfer_in_data(org_tree, profile["ethnicity"])
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    member = Member.objects.get()
    assert response["Location"] == member.get_absolute_url()
    assert member.organization == org_tree.hothau_village
