"""The agreement as a PDF in the reader's language (fonts and shaping: `village.lib.pdf`)."""

from __future__ import annotations

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from village.lib.pdf import document
from village.partnerships.actions.agreements import parties
from village.partnerships.models import Agreement, AgreementVersion


def agreement_pdf(agreement: Agreement, version: AgreementVersion) -> bytes:
    pdf, layout = document(translation.get_language())
    family, align = layout.family, layout.align

    def heading(value: str, size: int = 13) -> None:
        pdf.set_font(family, "B", size)
        pdf.multi_cell(0, 8, value, new_x="LMARGIN", new_y="NEXT", align=align)
        pdf.set_font(family, "", 10)

    def para(value: str) -> None:
        pdf.set_font(family, "", 10)
        pdf.multi_cell(0, 5.5, value or "—", new_x="LMARGIN", new_y="NEXT", align=align)
        pdf.ln(2)

    pdf.add_page()
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
