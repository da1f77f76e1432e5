import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from members.models import Member, MemberEvent, Placement, Transfer
from members.selectors import member_counts_by_subtree
from members.services.transfers import cancel_transfer, receive_transfer, start_transfer
from organizations.models import Organization
from tests.factories import MemberFactory
from tests.threads import at_once

pytestmark = pytest.mark.usefixtures("frozen_today")

D = datetime.date


@pytest.fixture
def member(org_tree):
    return MemberFactory(full_name="Lù Seo Chứ", organization=org_tree.hothau_village)


INTRODUCED = D(2026, 11, 2)


def introduce(member, to, by, on=INTRODUCED):
    return start_transfer(member, to=to, on=on, introduction_number="12-GGT", by=by)


@pytest.mark.django_db
def test_the_member_belongs_to_the_sender_until_received(
    member, org_tree, hothau_secretary, namdich_secretary, client_as
):
    transfer = introduce(member, org_tree.namdich_village, hothau_secretary)
    # 2/11/2026 + 30 working days, skipping 24/11 (Vietnamese Culture Day).
    assert transfer.present_by == D(2026, 12, 15)
    namdich = client_as(namdich_secretary)
    assert namdich.get(member.get_absolute_url()).status_code == 404
    summary = namdich.get(reverse("members:transfer", args=[transfer.pk]))
    assert summary.status_code == 200
    assert not summary.context["full_record"]
    assert summary.context["can_receive"]
    assert member.card_number in summary.content.decode() or not member.card_number
    assert "Lù Seo Chứ" in namdich.get(reverse("members:transfers")).content.decode()
    counts = member_counts_by_subtree(list(Organization.objects.all()), D(2026, 11, 20))
    assert (counts[org_tree.hothau.pk].total, counts[org_tree.namdich.pk].total) == (
        1,
        0,
    )

    response = namdich.post(
        reverse("members:transfer_receive", args=[transfer.pk]), {"on": "2026-11-20"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.organization == org_tree.namdich_village
    assert namdich.get(member.get_absolute_url()).status_code == 200
    assert client_as(hothau_secretary).get(member.get_absolute_url()).status_code == 404
    counts_before = member_counts_by_subtree(
        list(Organization.objects.all()), D(2026, 11, 19)
    )
    counts_after = member_counts_by_subtree(
        list(Organization.objects.all()), D(2026, 11, 20)
    )
    assert counts_before[org_tree.hothau.pk].total == 1
    assert counts_after[org_tree.namdich.pk].total == 1
    assert counts_after[org_tree.hothau.pk].total == 0
    kinds = list(member.events.values_list("kind", flat=True))
    assert kinds == [
        MemberEvent.Kind.TRANSFER_STARTED,
        MemberEvent.Kind.TRANSFER_RECEIVED,
    ]


@pytest.mark.django_db
def test_the_sender_cannot_receive_and_a_transfer_is_received_once(
    member, org_tree, hothau_secretary, org_staff
):
    transfer = introduce(member, org_tree.namdich_village, hothau_secretary)
    with pytest.raises(PermissionDenied):
        receive_transfer(transfer, on=D(2026, 11, 20), by=hothau_secretary)
    receive_transfer(transfer, on=D(2026, 11, 20), by=org_staff)
    with pytest.raises(ValidationError, match="đã tiếp nhận"):
        receive_transfer(transfer, on=D(2026, 11, 21), by=org_staff)
    assert Placement.objects.filter(member=member).count() == 2


@pytest.mark.django_db
def test_bad_transfers_change_nothing(member, org_tree, hothau_secretary, superuser):
    closed = Organization.objects.get(pk=org_tree.agency.pk)
    closed.closed_on = D(2026, 1, 1)
    closed.save()
    for to, outside, message in [
        (closed, "", "giải thể"),
        (org_tree.district, "", "chi bộ"),
        (org_tree.hothau_village, "", "đã ở"),
        (None, "", "Chọn"),
    ]:
        with pytest.raises(ValidationError, match=message):
            start_transfer(
                member,
                to=to,
                outside=outside,
                on=D(2026, 11, 2),
                introduction_number="1",
                by=superuser,
            )
    with pytest.raises(ValidationError, match="tương lai"):
        introduce(member, org_tree.namdich_village, hothau_secretary, on=D(2027, 1, 1))
    assert not Transfer.objects.exists()
    introduce(member, org_tree.namdich_village, hothau_secretary)
    with pytest.raises(ValidationError, match="chờ"):
        introduce(member, org_tree.agency, hothau_secretary)
    transfer = Transfer.objects.get()
    with pytest.raises(ValidationError, match="trước"):
        receive_transfer(transfer, on=D(2026, 11, 1), by=superuser)


@pytest.mark.django_db
def test_a_transfer_out_of_the_registry_ends_membership_here(
    member, org_staff, hothau_secretary
):
    with pytest.raises(PermissionDenied):
        start_transfer(
            member,
            outside="Đảng bộ xã Ý Tý, tỉnh Lào Cai",
            on=D(2026, 11, 2),
            introduction_number="5",
            by=hothau_secretary,
        )
    transfer = start_transfer(
        member,
        outside="Đảng bộ xã Ý Tý, tỉnh Lào Cai",
        on=D(2026, 11, 2),
        introduction_number="5",
        by=org_staff,
    )
    receive_transfer(transfer, on=D(2026, 11, 25), by=org_staff)
    member.refresh_from_db()
    assert (member.status, member.end_date) == (
        Member.Status.TRANSFERRED_OUT,
        D(2026, 11, 25),
    )
    assert not Placement.objects.on(D(2026, 11, 25)).exists()


@pytest.mark.django_db
def test_cancel_by_the_sender(member, org_tree, hothau_secretary, namdich_secretary):
    transfer = introduce(member, org_tree.namdich_village, hothau_secretary)
    with pytest.raises(PermissionDenied):
        cancel_transfer(transfer, by=namdich_secretary)
    cancel_transfer(transfer, by=hothau_secretary, note="Không đi nữa")
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.CANCELLED
    introduce(member, org_tree.agency, hothau_secretary)


@pytest.mark.django_db
def test_outsiders_see_nothing(member, org_tree, hothau_secretary, client_as):
    from tests.factories import OrganizationFactory, RoleAssignmentFactory, UserFactory

    other = OrganizationFactory(
        code="T-AG2",
        parent=org_tree.district,
        kind="grassroots_cell",
        is_grassroots=True,
    )
    stranger = UserFactory()
    RoleAssignmentFactory(
        user=stranger, organization=other, role="secretary", position="secretary"
    )
    transfer = introduce(member, org_tree.namdich_village, hothau_secretary)
    client = client_as(stranger)
    assert (
        client.get(reverse("members:transfer", args=[transfer.pk])).status_code == 404
    )
    assert (
        client.post(
            reverse("members:transfer_receive", args=[transfer.pk]),
            {"on": "2026-11-20"},
        ).status_code
        == 404
    )
    assert list(client.get(reverse("members:transfers")).context["waiting"]) == []


@pytest.mark.django_db(transaction=True)
def test_two_people_receiving_at_once_move_the_member_once(
    reference_data, org_tree, org_staff, namdich_secretary
):
    member = MemberFactory(organization=org_tree.hothau_village)
    transfer = introduce(member, org_tree.namdich_village, org_staff)

    def receive(user):
        return lambda: receive_transfer(transfer, on=D(2026, 11, 20), by=user)

    outcomes = at_once(receive(org_staff), receive(namdich_secretary))
    assert sorted(isinstance(o, ValidationError) for o in outcomes) == [False, True]
    assert Placement.objects.filter(member=member).count() == 2
    assert member.events.filter(kind=MemberEvent.Kind.TRANSFER_RECEIVED).count() == 1
