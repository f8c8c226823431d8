"""The public report as a PDF in the reader's language (fonts and shaping: `village.lib.pdf`).

It prints exactly the figures the web report shows, already through the suppression function.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from village.indicators.figures import Board
from village.indicators.models import Celebration
from village.lib.pdf import document
from village.lib.suppression import small_n
from village.lib.translation import plain_text


def report_pdf(
    title: str, boards: Sequence[Board], celebrations: Sequence[Celebration], decisions: Sequence[str]
) -> bytes:
    pdf, layout = document(translation.get_language())
    family, align = layout.family, layout.align

    def heading(value: str, size: int = 13) -> None:
        pdf.set_font(family, "B", size)
        pdf.multi_cell(0, 8, value, new_x="LMARGIN", new_y="NEXT", align=align)
        pdf.set_font(family, "", 10)

    def para(value: str, size: int = 10) -> None:
        pdf.set_font(family, "", size)
        pdf.multi_cell(0, 5.5, value or "—", new_x="LMARGIN", new_y="NEXT", align=align)
        pdf.ln(1)

    pdf.add_page()
    heading(title, 16)
    para(
        _(
            "To protect privacy, a figure about fewer than %(n)s students is not shown (*), a figure that would "
            "let a hidden one be worked out is hidden too (**), and a share where fewer than %(n)s students did, "
            "or did not, says so in words."
        )
        % {"n": small_n()}
    )
    if not boards:
        para(_("No figures have been published yet."))
    for board in boards:
        indicator = board.indicator
        heading(plain_text(indicator.name, indicator.source_language), 12)
        para(_(indicator.definition), 9)
        if indicator.target is not None:
            para(_("Target:") + f" {indicator.target.normalize()}{'%' if indicator.unit == 'percent' else ''}", 9)
        periods = " · ".join(p.label for p in board.periods)
        para(f"{_('Student group')}: {periods}", 9)
        for row in board.rows:
            figures = " · ".join(cell.display for cell in row.cells)
            gap = f" ({_('Gap to all students')}: {row.gap})" if row.gap else ""
            para(f"{row.label}: {figures}{gap}", 9)
    heading(_("Decisions taken"))
    for decision in decisions:
        para(decision)
    if not decisions:
        para(_("Decisions of councils and gap reviews will be listed here."))
    heading(_("Celebrations"))
    for c in celebrations:
        partners = ", ".join(o.name for o in c.partners.all())
        line = f"{c.get_kind_display()}: {_(c.title)}"
        if c.detail:
            line += f" · {c.detail}"
        line += f" · {date_format(c.happened_on)}"
        if partners:
            line += f" · {_('With:')} {partners}"
        para(line)
    if not celebrations:
        para(_("Targets reached, gaps closed, agreements renewed and milestones met will be celebrated here."))
    return bytes(pdf.output())
