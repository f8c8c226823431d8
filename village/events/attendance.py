"""An event's attendance as each reader may see it: the school's own staff see the counts; anyone
else sees them through small-number suppression (`village.lib.suppression`), groups and totals
alike, so a few families who came cannot be told apart."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from village.events.models import OTHER_LANGUAGE, Attendance
from village.lib.languages import language_name
from village.lib.suppression import suppress_table


@dataclass(frozen=True)
class Line:
    label: str
    figure: str  # a count, or "*" when suppressed


@dataclass(frozen=True)
class AttendanceView:
    groups: list[Line]
    families: str
    people: str
    suppressed: bool  # some figure is hidden


def group_label(code: str) -> str:
    return _("Another language") if code == OTHER_LANGUAGE else language_name(code)


def attendance_view(attendance: Attendance, groups: list[str], *, own_staff: bool) -> AttendanceView:
    counts = [int(attendance.families.get(code, 0)) for code in groups]
    if own_staff:
        lines = [Line(group_label(c), f"{n:,}") for c, n in zip(groups, counts, strict=True)]
        return AttendanceView(lines, f"{sum(counts):,}", f"{attendance.people:,}", False)
    table = suppress_table([[n] for n in counts])
    people = suppress_table([[attendance.people]]).grand_total
    lines = [Line(group_label(c), row[0].display()) for c, row in zip(groups, table.cells, strict=True)]
    hidden = table.suppressed_count() > 0 or people.suppressed
    return AttendanceView(lines, table.grand_total.display(), people.display(), hidden)
