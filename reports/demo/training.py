"""The demo's training classes, dated from today: two awareness classes a year
for four years, one in progress now, and this year's new-member classes."""

import datetime

from candidates.models import TrainingClass
from organizations.bulk import insert_many

from .demo_rows import DemoRecords


class TrainingClasses(DemoRecords):
    def classes(self) -> list[TrainingClass]:
        """Two awareness classes a year for four years, one in progress now,
        and this year's new-member classes."""
        rows = []
        for year in range(self.today.year - 4, self.today.year + 1):
            for month in (3, 9):
                start = datetime.date(year, month, 6)
                if start + datetime.timedelta(days=11) >= self.today:
                    continue
                rows.append(
                    self._class(
                        TrainingClass.Kind.AWARENESS, start, f"{month // 6 + 1}/{year}"
                    )
                )
        self.running = self._class(
            TrainingClass.Kind.AWARENESS,
            self.today - datetime.timedelta(days=4),
            f"3/{self.today.year}",
        )
        rows.append(self.running)
        for year in (self.today.year - 1, self.today.year):
            for month in (4, 9):
                start = datetime.date(year, month, 8)
                if start + datetime.timedelta(days=11) < self.today:
                    rows.append(
                        self._class(
                            TrainingClass.Kind.NEW_MEMBER,
                            start,
                            f"{month // 6 + 1}/{year}",
                        )
                    )
        insert_many(TrainingClass, rows)
        return rows

    def _class(self, kind: str, start: datetime.date, label: str) -> TrainingClass:
        title = (
            "Lớp bồi dưỡng nhận thức về Đảng"
            if kind == TrainingClass.Kind.AWARENESS
            else "Lớp bồi dưỡng đảng viên mới"
        )
        return TrainingClass(
            kind=kind,
            name=f"{title} khóa {label}",
            organizer=self.district.district,
            starts_on=start,
            ends_on=start + datetime.timedelta(days=11),
        )
