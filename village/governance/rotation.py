"""Who co-chairs a council on a given day, from its bylaws' rotation rule.

The rule: every `rotation_months` months from `rotation_start`, the next two eligible members
take the chair. Eligible members are those serving on the first day of the period in a seat
the bylaws name. They queue up by seat (each seat's members by term start, then by id) and the
queue takes one from each seat in turn, so consecutive co-chairs come from different seats
whenever the council has more than one eligible seat. The same inputs always give the same
co-chairs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from village.governance.models import Bylaws, CouncilMember

CHAIRS = 2


@dataclass(frozen=True)
class Term:
    starts: datetime.date
    ends: datetime.date  # the last day
    chairs: list[CouncilMember]


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    # The 31st of a short month falls back to its last day.
    for d in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _period(bylaws: Bylaws, day: datetime.date) -> int:
    months = (day.year - bylaws.rotation_start.year) * 12 + day.month - bylaws.rotation_start.month
    if day.day < bylaws.rotation_start.day:
        months -= 1
    return max(0, months) // max(1, bylaws.rotation_months)


def queue(members: list[CouncilMember], seats: list[str], day: datetime.date) -> list[CouncilMember]:
    """The eligible members on `day`, interleaved by seat in the bylaws' order of seats."""
    by_seat = [
        sorted((m for m in members if m.seat_type == seat and m.serves_on(day)), key=lambda m: (m.term_start, m.pk))
        for seat in seats
    ]
    out: list[CouncilMember] = []
    while any(by_seat):
        for line in by_seat:
            if line:
                out.append(line.pop(0))
    return out


def term(bylaws: Bylaws, members: list[CouncilMember], index: int) -> Term:
    starts = add_months(bylaws.rotation_start, index * bylaws.rotation_months)
    ends = add_months(bylaws.rotation_start, (index + 1) * bylaws.rotation_months) - datetime.timedelta(days=1)
    line = queue(members, list(bylaws.rotation_seats), starts)
    if not line:
        return Term(starts, ends, [])
    first = (index * CHAIRS) % len(line)
    chairs = [line[(first + k) % len(line)] for k in range(min(CHAIRS, len(line)))]
    return Term(starts, ends, chairs)


def co_chairs(bylaws: Bylaws, members: list[CouncilMember], day: datetime.date) -> Term:
    """The co-chairs serving on `day`."""
    return term(bylaws, members, _period(bylaws, day))


def schedule(bylaws: Bylaws, members: list[CouncilMember], day: datetime.date, count: int = 6) -> list[Term]:
    """The current term and the next ones (as the membership stands)."""
    first = _period(bylaws, day)
    return [term(bylaws, members, i) for i in range(first, first + count)]
