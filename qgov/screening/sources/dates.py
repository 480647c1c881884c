"""Turn the date forms list publishers write into ISO partial dates ("YYYY", "YYYY-MM", "YYYY-MM-DD").

OFAC writes "12 Jan 1962", "Jan 1962", "circa 1960", "1960 to 1962" and "circa 1979-1982"; the
trade.gov list writes ISO dates and the same OFAC forms; FtM and the UN write ISO dates. The matcher
compares dates of birth at the precision the list gives, so a range becomes every year it covers and
an approximate date keeps the precision it was written with.

Pure module: no Django, no database.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
# A range wider than this is not a date of birth but a data error; only its ends are kept.
MAX_RANGE_YEARS = 30

_APPROXIMATE = re.compile(r"^(?:circa|approximately|approx\.?|about|ca\.?)\s+", re.IGNORECASE)
_RANGE = re.compile(r"^(.+?)\s*(?:\bto\b|-|–)\s*(.+)$", re.IGNORECASE)
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T.*)?$")
_DAY_MONTH_YEAR = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]{3,9})\.?\s+(\d{4})$")


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not 1000 <= year <= 2999:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}-{month:02d}"


def parse_single_date(text: str) -> str | None:
    """One date in any supported form, or None: "12 Jan 1962" -> "1962-01-12", "Sep 1938" -> "1938-09"."""
    value = _APPROXIMATE.sub("", text.strip()).strip().rstrip(".")
    iso = _ISO.match(value)
    if iso:
        year, month, day = iso.groups()
        return _iso(int(year), int(month) if month else None, int(day) if day else None)
    written = _DAY_MONTH_YEAR.match(value)
    if written:
        day, month_name, year = written.groups()
        month = MONTHS.get(month_name[:3].lower())
        if month is None:
            return None
        return _iso(int(year), month, int(day) if day else None)
    return None


def parse_dates(text: str) -> tuple[str, ...]:
    """All dates a publisher's date text stands for; a range gives every year it covers.

    >>> parse_dates("DOB 1960 to 1962".removeprefix("DOB "))
    ('1960', '1961', '1962')
    >>> parse_dates("circa 07 Jul 1966")
    ('1966-07-07',)
    """
    value = _APPROXIMATE.sub("", text.strip()).strip()
    if not value:
        return ()
    single = parse_single_date(value)
    if single is not None:
        return (single,)
    ranged = _RANGE.match(value)
    if ranged is None:
        return ()
    start, end = parse_single_date(ranged.group(1)), parse_single_date(ranged.group(2))
    if start is None or end is None:
        return ()
    return year_range(int(start[:4]), int(end[:4]))


def year_range(first: int, last: int) -> tuple[str, ...]:
    """Every year from ``first`` to ``last`` as "YYYY" (only the two ends for an implausibly wide range)."""
    if last < first:
        first, last = last, first
    if last - first > MAX_RANGE_YEARS:
        return (f"{first:04d}", f"{last:04d}")
    return tuple(f"{year:04d}" for year in range(first, last + 1))
