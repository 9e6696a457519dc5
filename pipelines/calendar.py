"""Working days in England, for the monthly schedule."""

from __future__ import annotations

from datetime import date, timedelta


def _new_year_holiday(year: int) -> date:
    """New Year's Day bank holiday in England (moved to Monday when it falls at a weekend)."""
    day = date(year, 1, 1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def first_working_day(year: int, month: int) -> date:
    """First Monday–Friday of the month that is not the New Year bank holiday."""
    day = date(year, month, 1)
    holiday = _new_year_holiday(year) if month == 1 else None
    while day.weekday() >= 5 or day == holiday:
        day += timedelta(days=1)
    return day


def is_first_working_day(day: date) -> bool:
    """Whether `day` is the first working day of its month."""
    return day == first_working_day(day.year, day.month)
