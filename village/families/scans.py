"""What a paper consent's scan may be: a PDF, a JPEG or a PNG, read by its content, never by its
name or the browser's content type (an HTML page with a script renamed `form.pdf` is refused)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.files import File
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

# A phone photo of a signed page is 1 to 5 MB; a scanned PDF of a few pages stays well below this.
MAX_SCAN_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class ScanKind:
    extension: str
    content_type: str


PDF = ScanKind("pdf", "application/pdf")
JPEG = ScanKind("jpg", "image/jpeg")
PNG = ScanKind("png", "image/png")
KINDS = {k.extension: k for k in (PDF, JPEG, PNG)}


class BadScan(ValueError):
    """The file is not a scan Village keeps; the message says why, in the active language."""


def scan_kind(data: bytes) -> ScanKind | None:
    """The kind of the file by its first bytes (magic numbers), or None."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


def check_scan(upload: File[bytes]) -> ScanKind:
    """The scan's kind once its content proves to be a readable PDF, JPEG or PNG of at most
    10 MB; otherwise BadScan with a message for the person who uploaded it."""
    if (upload.size or 0) > MAX_SCAN_BYTES:
        raise BadScan(_("The scan is larger than 10 MB. Scan it again at a lower resolution, or as a PDF."))
    upload.seek(0)
    data = upload.read(MAX_SCAN_BYTES + 1)
    upload.seek(0)
    if len(data) > MAX_SCAN_BYTES:
        raise BadScan(_("The scan is larger than 10 MB. Scan it again at a lower resolution, or as a PDF."))
    kind = scan_kind(data)
    unreadable = _("This file is not a PDF, JPEG or PNG that can be opened. Attach the scan or photo of the form.")
    if kind is None:
        raise BadScan(unreadable)
    try:
        if kind is PDF:
            if not PdfReader(io.BytesIO(data)).pages:
                raise BadScan(unreadable)
        else:
            with Image.open(io.BytesIO(data)) as image:
                if image.format != ("JPEG" if kind is JPEG else "PNG"):
                    raise BadScan(unreadable)
                image.verify()
    except (PdfReadError, UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, BadScan):
            raise
        raise BadScan(unreadable) from exc
    return kind
