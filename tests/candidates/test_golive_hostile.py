"""Every column of the going-live sheets given hostile and random values by
machine (hypothesis): the sheet is kept whole or, with its row errors, not
at all; it never fails with an exception."""

import csv
import datetime
import io

import pytest
from hypothesis import HealthCheck, given, settings

from candidates.golive import SHEETS, run_sheet
from candidates.models import (
    AdmissionTarget,
    Candidate,
    Recognition,
    StageLog,
    TrainingClass,
    Vote,
)
from members.imports import import_members
from members.tables import write_csv
from organizations import clock
from organizations.models import User
from tests.candidates.test_hostile_input import VALUES

from .test_golive import DOCS

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 12, 6)


@pytest.fixture(scope="module", autouse=True)
def sample_day():
    with clock.pinned(DAY):
        yield


def counts() -> list[int]:
    return [
        model.objects.count()
        for model in (
            AdmissionTarget,
            Candidate,
            Recognition,
            StageLog,
            TrainingClass,
            Vote,
        )
    ]


def sample_rows(slug: str) -> list[list[str]]:
    text = (DOCS / f"golive-{slug}-sample.csv").read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize(
    ("slug", "column"),
    [(slug, c.header) for slug, sheet in SHEETS.items() for c in sheet.columns],
)
def test_any_value_in_any_column_is_all_or_nothing(slug, column, demo):
    staff = User.objects.get(username="btc")
    members = (DOCS / "member-import-sample.csv").read_bytes()
    assert import_members("m.csv", members, by=staff).ok
    headers, *rows = sample_rows(slug)
    position = headers.index(column)

    @settings(
        max_examples=3,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(value=VALUES)
    def attempt(value: str) -> None:
        hostile = [list(r) for r in rows]
        hostile[-1][position] = value
        before = counts()
        result = run_sheet(SHEETS[slug], "s.csv", write_csv(hostile, headers), by=staff)
        if not result.ok:
            assert counts() == before, (column, value, result.error_lines())
            assert all(line.strip() for line in result.error_lines())

    attempt()
