"""Printed invitations for families with no email address: one letter per page, each in its family's
language, with the school's name and return address, the claim code and a QR code of the claim link.

The codes are derived from each invitation's nonce (`village.lib.codes`), so the letters can be
printed again while their invitations are open; printing writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import qrcode  # type: ignore[import-untyped]
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from village.families import notices
from village.families.models import FamilyInvitation
from village.lib.links import absolute_reverse
from village.lib.pdf import Layout, document, write_in
from village.orgs.models import School

QR_SIZE_MM = 42


def letters_pdf(invitations: Sequence[FamilyInvitation]) -> bytes:
    """The letters of these (open, letter) invitations, one per page."""
    pdf, _layout = document(invitations[0].language if invitations else None)
    pdf.set_title(_("Invitations to Village"))
    for invitation in invitations:
        layout = write_in(pdf, invitation.language)
        with translation.override(invitation.language):
            _letter(pdf, layout, invitation, notices.school_of(invitation.household))
    return bytes(pdf.output())


def _letter(pdf: FPDF, layout: Layout, invitation: FamilyInvitation, school: School | None) -> None:
    family, align = layout.family, layout.align
    guardian = invitation.guardian
    place = school.name if school else invitation.district.name

    def line(
        text: str, size: float = 10.5, style: str = "", height: float = 5.5, where: str = "", ltr: bool = False
    ) -> None:
        """A paragraph; `ltr` for text that always reads left to right (addresses, numbers, codes),
        which keeps its order on a right-to-left page."""
        pdf.set_font(family, style, size)
        if ltr and layout.rtl:
            pdf.set_text_shaping(use_shaping_engine=True, direction="ltr")
        pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT", align=where or align)
        if ltr and layout.rtl:
            pdf.set_text_shaping(use_shaping_engine=True, direction="rtl")

    pdf.add_page()
    # The return address: who the letter is from, and where to answer.
    line(place, 12, "B")
    if school is not None:
        for text in (school.address, " ".join(x for x in (school.city, school.postal_code) if x), school.phone):
            if text:
                line(text, 10, ltr=True)
    pdf.ln(4)
    line(date_format(timezone.localdate(), "DATE_FORMAT"), 10)
    pdf.ln(4)
    line(_("Your family's Village account"), 16, "B", 8)
    line(_("For %(name)s") % {"name": f"{guardian.given_name} {guardian.family_name}"}, 11, "B")
    pdf.ln(2)
    line(
        _(
            "%(school)s uses Village to work with families. With your own account you can see your "
            "children's school plans, tell the school what your family needs, and find help near you, "
            "in your language."
        )
        % {"school": place}
    )
    pdf.ln(3)
    line(_("How to open your account"), 12, "B", 7)
    line(
        _(
            "1. On your phone, open the camera and point it at the square code below. Or go to %(address)s "
            "and type the code."
        )
        % {"address": _isolated(absolute_reverse("families:claim_start"))}
    )
    line(
        _(
            "2. Choose your language and type your email address. You will use it to sign in next time. "
            "You do not need a password."
        )
    )
    pdf.ln(4)
    line(invitation.printed_code, 22, "B", 11, "C", ltr=True)
    pdf.ln(2)
    _qr(pdf, absolute_reverse("families:claim", code=invitation.code))
    pdf.ln(4)
    until = date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT")
    line(
        _("This code works once, until %(date)s. Keep this letter private: whoever has the code can open the account.")
        % {"date": until}
    )
    if school is not None and school.phone:
        line(_("Questions? Call %(school)s at %(phone)s.") % {"school": place, "phone": _isolated(school.phone)})
    else:
        line(_("Questions? Ask at %(school)s.") % {"school": place})
    ui_language, exact = notices.invitation_language(invitation.household, guardian.language)
    if not exact and invitation.language == ui_language:
        pdf.ln(2)
        line(notices.language_note(guardian.language or invitation.household.home_language, ui_language), 9.5)


def _isolated(text: str) -> str:
    """Text that reads left to right (an address, a phone number) kept whole inside a sentence of any
    direction: Unicode's left-to-right isolate, which the PDF's bidirectional algorithm honours."""
    return f"\u2066{text}\u2069"


def _qr(pdf: FPDF, link: str) -> None:
    """The link as a QR code, centred, drawn as filled squares (sharp at any printer resolution)."""
    code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(link)
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()
    module = QR_SIZE_MM / len(matrix)
    left = (pdf.w - QR_SIZE_MM) / 2
    top = pdf.get_y()
    if top + QR_SIZE_MM > pdf.h - pdf.b_margin:
        pdf.add_page()
        top = pdf.get_y()
    pdf.set_fill_color(0, 0, 0)
    for row, cells in enumerate(matrix):
        column = 0
        while column < len(cells):
            if not cells[column]:
                column += 1
                continue
            start = column
            while column < len(cells) and cells[column]:
                column += 1
            # One rectangle per run of dark modules: no hairlines between neighbours.
            pdf.rect(left + start * module, top + row * module, (column - start) * module, module, style="F")
    pdf.set_y(top + QR_SIZE_MM)
