"""Test helpers for the families app."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from conftest import World


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, format="PNG")
    return out.getvalue()


# A tiny valid PNG: the scan of a signed form, as far as the checks can tell.
PNG_BYTES = _png()


def make_consent(
    w: World, *, elements: tuple[str, ...] = ("name", "grade", "needs"), purpose: str = "referral", **extra: Any
) -> Any:
    """A current consent Amina signed for Layla to share with the clinic."""
    from village.families.models import Consent

    today = timezone.localdate()
    fields: dict[str, Any] = {
        "district": w.riverbend,
        "student": w.layla,
        "household": w.household,
        "recipient": w.clinic,
        "elements": list(elements),
        "purpose": purpose,
        "valid_from": today,
        "valid_until": today + timedelta(days=180),
        "signed_by": w.amina,
        "signer_name": "Amina Hassan",
        "signer_relationship": "parent",
        "signed_at": timezone.now(),
        "language": "ar",
        "method": "electronic",
    }
    fields.update(extra)
    return Consent.objects.create(**fields)
