import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from members.models import Member, MemberEvent
from members.services.profile import update_profile
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(org_tree):
    return MemberFactory(
        full_name="Vàng Seo Páo",
        organization=org_tree.hothau_village,
        birth_date=datetime.date(1985, 4, 2),
        cccd="002085001111",
    )


def test_correction_is_validated_and_logged(member, hothau_secretary):
    update_profile(
        member,
        by=hothau_secretary,
        full_name="Vàng Seo Pháo",
        general_education="12/12",
        cccd="002 085 009 999",
    )
    member.refresh_from_db()
    assert (member.full_name, member.cccd) == ("Vàng Seo Pháo", "002085009999")
    assert member.search_name == " vang seo phao "
    event = member.events.get(kind=MemberEvent.Kind.PROFILE_UPDATED)
    assert event.data["full_name"] == ["Vàng Seo Páo", "Vàng Seo Pháo"]
    assert event.recorded_by == hothau_secretary


def test_every_problem_is_reported_by_field_and_nothing_is_saved(
    member, hothau_secretary
):
    with pytest.raises(ValidationError) as error:
        update_profile(
            member,
            by=hothau_secretary,
            cccd="002190001111",  # born 1990 by the number, 1985 on record
            general_education="13/12",
            cmnd="12",
        )
    assert set(error.value.message_dict) == {"cccd", "general_education", "cmnd"}
    assert "1985" in error.value.message_dict["cccd"][0]
    member.refresh_from_db()
    assert member.cccd == "002085001111"
    assert not member.events.exists()


def test_a_duplicate_number_names_the_holder_only_in_scope(
    member, org_tree, hothau_secretary, org_staff
):
    outsider = MemberFactory(
        organization=org_tree.namdich_village, card_number="47009999"
    )
    neighbour = MemberFactory(
        full_name="Lù Thị Mỷ",
        organization=org_tree.hothau_village,
        card_number="47001111",
    )
    with pytest.raises(ValidationError) as hidden:
        update_profile(member, by=hothau_secretary, card_number="47009999")
    assert "ngoài phạm vi" in hidden.value.message_dict["card_number"][0]
    assert outsider.full_name not in str(hidden.value)
    with pytest.raises(ValidationError) as shown:
        update_profile(member, by=hothau_secretary, card_number="47001111")
    assert neighbour.full_name in shown.value.message_dict["card_number"][0]
    with pytest.raises(ValidationError) as staff_view:
        update_profile(member, by=org_staff, card_number="47009999")
    assert "Nậm Hồng" in staff_view.value.message_dict["card_number"][0]


def test_status_and_organization_are_not_profile_fields(
    member, hothau_secretary, org_tree
):
    with pytest.raises(ValidationError):
        update_profile(member, by=hothau_secretary, organization=org_tree.namdich)
    with pytest.raises(ValidationError):
        update_profile(member, by=hothau_secretary, status=Member.Status.DECEASED)


def test_only_writers_in_scope_may_correct(
    member, viewer, namdich_secretary, client_as
):
    with pytest.raises(PermissionDenied):
        update_profile(member, by=viewer, occupation="Giáo viên")
    url = reverse("members:edit", args=[member.pk])
    assert client_as(viewer).get(url).status_code == 403
    assert client_as(namdich_secretary).get(url).status_code == 404


def test_edit_page_round_trip(member, hothau_secretary, client_as):
    client = client_as(hothau_secretary)
    url = reverse("members:edit", args=[member.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["ethnicity"] = member.ethnicity_id
    data["birth_date"] = "02/04/1985"
    data["occupation"] = "Giáo viên"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    member.refresh_from_db()
    assert member.occupation == "Giáo viên"
    data["cccd"] = "abc"
    bad = client.post(url, data)
    assert "12 chữ số" in bad.content.decode()
