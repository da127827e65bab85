"""Dates as pages show them: fixed English, so a build does not depend on the locale."""

from __future__ import annotations

import datetime as dt

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


def month_only(month: int) -> str:
    """'July'."""
    return _MONTHS[month - 1]


def month_name(year: int, month: int) -> str:
    return f"{_MONTHS[month - 1]} {year}"


def long_date(date: dt.date) -> str:
    """'Monday, 2 June 2025'."""
    return f"{_WEEKDAYS[date.weekday()]}, {date.day} {month_name(date.year, date.month)}"


def short_date(date: dt.date) -> str:
    """'2 June 2025'."""
    return f"{date.day} {_MONTHS[date.month - 1]} {date.year}"
