"""Working days of the official calendar: Monday to Friday, except the public holidays, plus
the weekend days worked in lieu (``core.models.CalendarDay``). One query loads the exceptions;
the arithmetic is then done in memory, so a page counting the clock of many rows stays at a
constant number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

ONE_DAY = datetime.timedelta(days=1)


@dataclass
class WorkCalendar:
    """The calendar's exceptions: day -> is it a working day."""

    exceptions: dict[datetime.date, bool] = field(default_factory=dict)

    @classmethod
    def load(cls) -> WorkCalendar:
        from .models import CalendarDay

        return cls(dict(CalendarDay.objects.values_list("day", "is_working")))

    def is_working(self, day: datetime.date) -> bool:
        known = self.exceptions.get(day)
        return known if known is not None else day.weekday() < 5

    def add(self, start: datetime.date, days: int) -> datetime.date:
        """``start`` plus ``days`` working days (the day the period ends)."""
        day = start
        left = days
        while left > 0:
            day += ONE_DAY
            if self.is_working(day):
                left -= 1
        return day

    def between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if ``end`` is
        before ``start``)."""
        if end < start:
            return -self.between(end, start)
        full_weeks, rest = divmod((end - start).days, 7)
        count = full_weeks * 5
        day = start
        for _ in range(rest):
            day += ONE_DAY
            if day.weekday() < 5:
                count += 1
        # the exceptions inside the span correct the plain Monday-to-Friday count
        for exception, working in self.exceptions.items():
            if start < exception <= end and working != (exception.weekday() < 5):
                count += 1 if working else -1
        return count
