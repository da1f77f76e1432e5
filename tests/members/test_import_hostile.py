"""Every column of the member import, given hostile and random values by
machine (hypothesis): the import either writes every row or, with its row
errors, none; it never fails with an exception. (Later examples find the
rows of earlier ones written, and go through the update path.)"""

import pytest
from hypothesis import HealthCheck, given, settings

from members.columns import HEADERS
from members.imports import import_members
from members.models import Member
from members.tables import write_csv
from tests.candidates.test_hostile_input import VALUES

from .conftest import row

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("column", HEADERS)
def test_any_value_in_any_column_is_all_or_nothing(column, codes, hothau_secretary):
    @settings(
        max_examples=4,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(value=VALUES)
    def attempt(value: str) -> None:
        good = row(codes[0], **{"Số CCCD": "002198004321", "Họ và tên": "Lò Văn Tốt"})
        hostile = row(codes[0], **{column: value})
        before = Member.objects.count()
        result = import_members(
            "m.csv", write_csv([good, hostile]), by=hothau_secretary, dry_run=False
        )
        after = Member.objects.count()
        if result.ok:
            assert after >= before
        else:
            assert after == before, (column, value, result.error_lines())
            assert all(line.strip() for line in result.error_lines())

    attempt()
