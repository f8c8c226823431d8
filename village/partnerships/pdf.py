"""The agreement as a PDF (fpdf2, pure Python).

Fonts: DejaVu Sans (Debian's fonts-dejavu-core) covers Latin, Vietnamese and Cyrillic.
Arabic needs contextual shaping and right-to-left layout, which fpdf2 does only through
the compiled `uharfbuzz` package, and Chinese needs a CJK font we do not ship; so the PDF
is written in English for readers in those languages, and the printable HTML page (which
the browser shapes correctly) is the version in their language.
"""

from __future__ import annotations

from pathlib import Path

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from village.partnerships.actions.agreements import parties
from village.partnerships.models import Agreement, AgreementVersion

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
PDF_LANGUAGES = {"en", "es", "vi"}


def pdf_language(language: str | None) -> str:
    return language if language in PDF_LANGUAGES else "en"


def agreement_pdf(agreement: Agreement, version: AgreementVersion) -> bytes:
    with translation.override(pdf_language(translation.get_language())):
        return _render(agreement, version)


def _render(agreement: Agreement, version: AgreementVersion) -> bytes:
    pdf = FPDF(format="Letter")
    pdf.set_auto_page_break(auto=True, margin=18)
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        pdf.add_font("body", "", str(regular))
        pdf.add_font("body", "B", str(bold))
        family = "body"
    else:  # a machine without DejaVu: core font, Latin-1 only
        family = "Helvetica"
    pdf.add_page()

    def text(value: str) -> str:
        return value if family == "body" else value.encode("latin-1", "replace").decode("latin-1")

    def heading(value: str, size: int = 13) -> None:
        pdf.set_font(family, "B", size)
        pdf.multi_cell(0, 8, text(value), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(family, "", 10)

    def para(value: str) -> None:
        pdf.set_font(family, "", 10)
        pdf.multi_cell(0, 5.5, text(value or "—"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    heading(agreement.title, 16)
    para(
        _("%(partnership)s · version %(number)s · %(start)s to %(end)s")
        % {
            "partnership": agreement.partnership.name,
            "number": version.number,
            "start": date_format(version.start_date),
            "end": date_format(version.end_date),
        }
    )
    heading(_("Parties"))
    para("\n".join(label for _id, label in parties(agreement)))
    for title, body in (
        (_("Purpose and shared goals"), version.purpose),
        (_("Roles and responsibilities of the school side"), version.school_roles),
        (_("Roles and responsibilities of the partner side"), version.partner_roles),
        (_("Decision authority"), version.decision_authority),
        (_("Data elements shared"), ", ".join(version.data_element_labels())),
        (_("Purposes of data sharing"), version.data_purposes),
        (_("Renewal terms"), version.renewal_terms),
    ):
        heading(title)
        para(body)
    heading(_("Shared performance metrics"))
    for m in version.metrics.all():
        para(f"{m.name}: {m.target} · {m.measurement} · {m.get_frequency_display()}")
    if not version.metrics.all():
        para(_("No shared metrics in this version."))
    heading(_("Signatures"))
    for s in version.signatures.all():
        para(
            _("%(signer)s signed on %(date)s.")
            % {"signer": s.signer.name, "date": date_format(s.signed_at, "DATETIME_FORMAT")}
        )
    if not version.signatures.all():
        para(_("Nobody has signed this version yet."))
    return bytes(pdf.output())
