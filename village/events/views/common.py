"""What the event pages share: the .ics response (an action's refusal goes on a form with
`village.lib.forms.errors_to_form`)."""

from __future__ import annotations

from django.http import HttpResponse


def ics_response(data: bytes, filename: str, *, attachment: bool = True) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex"
    return response
