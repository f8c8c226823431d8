"""The page where a signed-in person chooses what Village sends them (staff and families alike)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from village.accounts.http import AuthenticatedHttpRequest
from village.lib.forms import errors_to_form
from village.messaging.access import own_message_settings, topics_for
from village.messaging.actions.preferences import save_message_settings
from village.messaging.forms import MessageSettingsForm


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    current = own_message_settings(request.user)
    chosen = current.frequencies if current is not None else {}
    topics = topics_for(request.user)
    initial: dict[str, object] = {t.code: chosen.get(t.code, t.default) for t in topics}
    initial |= {
        "quiet_start": current.quiet_start if current else None,
        "quiet_end": current.quiet_end if current else None,
        "time_zone": current.zone if current else settings.TIME_ZONE,
    }
    form = MessageSettingsForm(request.POST or None, topics=topics, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = save_message_settings(
                request.user,
                # Topics not asked about keep what the person chose before.
                chosen | {t.code: data[t.code] for t in topics},
                quiet_start=data["quiet_start"],
                quiet_end=data["quiet_end"],
                time_zone=data["time_zone"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Your choices were saved.") if changed else _("Nothing changed."))
            return redirect("messaging:preferences")
    return render(request, "messaging/preferences.html", {"form": form, "topics": [form[t.code] for t in topics]})
