"""Scans of the paper consent forms the demo's families signed: a one-page PDF that says it is fictional.

Village records a paper consent only with a scan of the signed form, so the demo makes one.
"""

from __future__ import annotations

import unicodedata

from django.core.files.base import ContentFile

from village.families.models import Student
from village.orgs.models import Organization


def _pdf_text(text: str) -> str:
    """`text` as a PDF string literal in Latin-1 (accents dropped), with its delimiters escaped."""
    plain = unicodedata.normalize("NFKD", text).encode("latin-1", "ignore").decode("latin-1")
    return plain.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf(lines: list[str]) -> bytes:
    """A valid one-page PDF with `lines` of text in Helvetica."""
    shown = " ".join(f"({_pdf_text(line)}) Tj 0 -20 Td" for line in lines)
    stream = f"BT /F1 12 Tf 72 720 Td {shown} ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def consent_scan(
    student: Student, recipient: Organization, signer: str, signed_on: str, number: int
) -> ContentFile[bytes]:
    """The signed form for one consent, named after the student, the recipient and `number`."""
    lines = [
        "Consent to share information - FICTIONAL (Village demo data)",
        f"Student: {student.given_name} {student.family_name} ({student.local_id})",
        f"Shared with: {recipient.name}",
        f"Signed by: {signer}, on {signed_on}",
    ]
    return ContentFile(pdf(lines), name=f"{student.local_id}-{recipient.pk}-{number}.pdf")
