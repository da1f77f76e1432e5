"""An admission's history has one definition (members/services/recording.py):
the services write it, the import's bulk writer copies it (SQL on
PostgreSQL), and both give the same rows."""

import pytest

from members.imports import import_members
from members.models import Member
from members.services.recording import admission_events, opening_placement
from members.tables import write_csv

from .conftest import row

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_the_imported_history_is_what_the_services_write(codes, hothau_secretary):
    """One definition of an admission's history (members/services/recording.py):
    the import's bulk writer (SQL on PostgreSQL) gives, column for column, the
    placement and events the services build for the same member row."""
    content = write_csv(
        [
            row(codes[0]),
            row(
                codes[0],
                **{
                    "Họ và tên": "Lò Văn Páo",
                    "Giới tính": "Nam",
                    "Số CCCD": "002098001234",
                    "Trạng thái": "Chính thức",
                    "Ngày chính thức": "10/06/2026",
                    "Số quyết định kết nạp": "12-QĐ/HU",
                    "Cơ quan quyết định kết nạp": "Ban Thường vụ Huyện ủy",
                },
            ),
        ]
    )
    assert import_members("h.csv", content, by=hothau_secretary).ok
    placement_fields = (
        "organization_id",
        "start",
        "end",
        "opens_period",
        "decision_date",
        "ceremony_date",
        "official_date",
    )
    event_fields = (
        "kind",
        "on",
        "organization_id",
        "decision_number",
        "decision_date",
        "decided_by",
        "note",
        "data",
        "recorded_by_id",
    )
    members = Member.objects.order_by("pk")
    assert members.count() == 2
    for member in members:
        [placement] = member.placements.all()
        built = opening_placement(member)
        for field in placement_fields:
            assert getattr(placement, field) == getattr(built, field), field
        written = list(member.events.order_by("on", "pk"))
        expected = admission_events(member, by=hothau_secretary, note="Nhập từ tệp")
        assert [e.kind for e in written] == [e.kind for e in expected]
        for event, model in zip(written, expected, strict=True):
            for field in event_fields:
                assert getattr(event, field) == getattr(model, field), field
