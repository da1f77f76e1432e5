"""Bulk writes on both engines: COPY on PostgreSQL, bulk_create elsewhere."""

import datetime

import pytest

from members.models import Member, MemberEvent
from organizations.bulk import among, insert_many
from tests.factories import MemberFactory, letters

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def test_rows_get_keys_timestamps_json_and_related_keys(org_tree, org_staff):
    template = MemberFactory(organization=org_tree.hothau_village)
    new = [
        Member(
            full_name=f"Hoàng Thị Bích {letters(n)}",
            sex="female",
            birth_date=datetime.date(1990, 1, 1),
            ethnicity=template.ethnicity,
            organization=org_tree.hothau_village,
            status="official",
            admission_decision_date=datetime.date(2015, 1, 1),
            ceremony_date=datetime.date(2015, 2, 1),
        )
        for n in range(3)
    ]
    for member in new:
        member.set_derived_fields()
    # Events built before their members have keys, as the import does.
    events = [
        MemberEvent(
            member=member,
            kind=MemberEvent.Kind.ADMITTED,
            on=member.ceremony_date,
            organization=member.organization,
            data={"tên": "Bích", "số": [1, 2]},
            recorded_by=org_staff,
        )
        for member in new
    ]
    insert_many(Member, new)
    insert_many(MemberEvent, events)
    assert all(member.pk for member in new)
    stored = Member.objects.get(pk=new[1].pk)
    assert stored.full_name == "Hoàng Thị Bích AB"
    assert stored.created_at is not None
    assert stored.party_age_from == datetime.date(2015, 1, 1)
    event = MemberEvent.objects.get(member=new[2])
    assert event.data == {"tên": "Bích", "số": [1, 2]}
    assert event.recorded_at is not None
    wanted = among([new[0].full_name, "không có ai"])
    assert list(Member.objects.filter(full_name__in=wanted)) == [new[0]]
