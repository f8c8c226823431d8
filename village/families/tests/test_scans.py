"""A paper consent's scan is a PDF, JPEG or PNG by its content, and only those who see the
student's consents can download it (issue #16)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from conftest import World
from village.demo.scans import pdf
from village.families.models import Consent
from village.families.tests.helpers import PNG_BYTES
from village.families.tests.matrix import _layla


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format="JPEG")
    return out.getvalue()


def _post(client: Any, world: World, name: str, content: bytes, content_type: str) -> Any:
    today = timezone.localdate()
    data = {
        "recipient": world.clinic.pk,
        "elements": ["name", "grade"],
        "purpose": "referral",
        "purpose_detail": "",
        "valid_until": (today.replace(year=today.year + 1)).isoformat(),
        "signer_name": "Amina Hassan",
        "signer_relationship": "parent",
        "signed_on": today.isoformat(),
        "language": "ara",
        "scan": SimpleUploadedFile(name, content, content_type=content_type),
    }
    return client.post(reverse("families:consent_paper", kwargs={"pk": world.layla.pk}), data)


HTML = b"<html><body><script>fetch('/api/v1/me')</script></body></html>"


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("form.html", HTML, "text/html"),
        ("form.pdf", HTML, "application/pdf"),  # the name and the header lie
        ("form.pdf", b"%PDF-1.4\n" + HTML, "application/pdf"),  # the magic bytes lie
        ("form.png", b"\x89PNG\r\n\x1a\n" + HTML, "image/png"),
        ("form.gif", b"GIF89a" + b"\x00" * 20, "image/gif"),
    ],
)
def test_a_scan_that_is_not_a_readable_pdf_jpeg_or_png_is_refused(
    login: Any, world: World, name: str, content: bytes, content_type: str
) -> None:
    response = _post(login("rosa", language="en"), world, name, content, content_type)
    page = response.content.decode()
    assert "This file is not a PDF, JPEG or PNG that can be opened." in page
    assert 'role="alert"' in page and 'href="#id_scan"' in page and 'aria-describedby="id_scan_error"' in page
    assert not Consent.objects.exists()


def test_a_scan_over_ten_megabytes_is_refused(login: Any, world: World) -> None:
    big = pdf(["Signed"]) + b"%" + b"x" * (10 * 1024 * 1024)
    response = _post(login("rosa", language="en"), world, "form.pdf", big, "application/pdf")
    assert "The scan is larger than 10 MB." in response.content.decode()
    assert not Consent.objects.exists()


@pytest.mark.parametrize(
    ("content", "kind"),
    [(pdf(["Signed"]), "application/pdf"), (_jpeg(), "image/jpeg"), (PNG_BYTES, "image/png")],
)
def test_a_real_scan_is_kept_and_served_only_to_who_sees_the_consents(
    login: Any, world: World, content: bytes, kind: str
) -> None:
    _layla(world)
    # Named and labelled as something else: the content decides.
    response = _post(login("rosa", language="en"), world, "signed form.html", content, "text/html")
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert not consent.scan.name.endswith(".html")
    url = reverse("families:consent_scan", kwargs={"pk": consent.pk})
    assert url in login("amina").get(reverse("families:consents", kwargs={"pk": world.layla.pk})).content.decode()
    for persona in ("rosa", "dana", "sam", "amina"):
        served = login(persona).get(url)
        assert served.status_code == 200, persona
        assert served["Content-Type"] == kind
        assert served["X-Content-Type-Options"] == "nosniff"
        assert served["Content-Disposition"].startswith("attachment;")
        assert b"".join(served.streaming_content) == content
    for persona in ("mai", "omar", "grace", "lucas", "anonymous"):
        assert login(persona).get(url).status_code in (302, 404), persona
