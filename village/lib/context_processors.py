from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language, get_language_bidi


def village(request: HttpRequest) -> dict[str, object]:
    """Values every page needs: the languages on offer and the current text direction."""
    return {
        "LANGUAGE_CHOICES": settings.LANGUAGES,
        "CURRENT_LANGUAGE": get_language(),
        "TEXT_DIRECTION": "rtl" if get_language_bidi() else "ltr",
        "MFA_RELAXED": not settings.VILLAGE_MFA_REQUIRED,
    }
