"""The official calendar's exceptions (public holidays on weekdays and weekend days worked in
lieu), from the State Council General Office's yearly notices, as reference rows for
``core.models.CalendarDay``. Weekend holidays are listed too: they change nothing in the count
but show the holiday's name. A year not listed here counts Monday to Friday only."""

from __future__ import annotations

import datetime

NOTICE_2025 = "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024年11月12日）"
NOTICE_2026 = "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日，新华社发布）"


def _span(first: datetime.date, last: datetime.date, name: str, source: str) -> list[dict]:
    days = []
    day = first
    while day <= last:
        days.append({"day": day, "is_working": False, "name": name, "source": source})
        day += datetime.timedelta(days=1)
    return days


def _worked(day: datetime.date, name: str, source: str) -> dict:
    return {"day": day, "is_working": True, "name": name, "source": source}


D = datetime.date
CALENDAR_DAYS: list[dict] = [
    # 2025
    *_span(D(2025, 1, 1), D(2025, 1, 1), "元旦", NOTICE_2025),
    *_span(D(2025, 1, 28), D(2025, 2, 4), "春节", NOTICE_2025),
    _worked(D(2025, 1, 26), "春节调休上班", NOTICE_2025),
    _worked(D(2025, 2, 8), "春节调休上班", NOTICE_2025),
    *_span(D(2025, 4, 4), D(2025, 4, 6), "清明节", NOTICE_2025),
    *_span(D(2025, 5, 1), D(2025, 5, 5), "劳动节", NOTICE_2025),
    _worked(D(2025, 4, 27), "劳动节调休上班", NOTICE_2025),
    *_span(D(2025, 5, 31), D(2025, 6, 2), "端午节", NOTICE_2025),
    *_span(D(2025, 10, 1), D(2025, 10, 8), "国庆节、中秋节", NOTICE_2025),
    _worked(D(2025, 9, 28), "国庆节调休上班", NOTICE_2025),
    _worked(D(2025, 10, 11), "国庆节调休上班", NOTICE_2025),
    # 2026
    *_span(D(2026, 1, 1), D(2026, 1, 3), "元旦", NOTICE_2026),
    _worked(D(2026, 1, 4), "元旦调休上班", NOTICE_2026),
    *_span(D(2026, 2, 15), D(2026, 2, 23), "春节", NOTICE_2026),
    _worked(D(2026, 2, 14), "春节调休上班", NOTICE_2026),
    _worked(D(2026, 2, 28), "春节调休上班", NOTICE_2026),
    *_span(D(2026, 4, 4), D(2026, 4, 6), "清明节", NOTICE_2026),
    *_span(D(2026, 5, 1), D(2026, 5, 5), "劳动节", NOTICE_2026),
    _worked(D(2026, 5, 9), "劳动节调休上班", NOTICE_2026),
    *_span(D(2026, 6, 19), D(2026, 6, 21), "端午节", NOTICE_2026),
    *_span(D(2026, 9, 25), D(2026, 9, 27), "中秋节", NOTICE_2026),
    *_span(D(2026, 10, 1), D(2026, 10, 7), "国庆节", NOTICE_2026),
    _worked(D(2026, 9, 20), "国庆节调休上班", NOTICE_2026),
    _worked(D(2026, 10, 10), "国庆节调休上班", NOTICE_2026),
]
