"""Twilio's inbound-message webhook: a text a family sent, answered by text (TwiML).

It lives with referrals because the answers texts ask for today are referrals' ("did you get the
help?"); it composes messaging (keep the text, signatures, opt-outs) and families (whose number).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from village.messaging.actions.inbound import receive_text
from village.messaging.texts import e164
from village.messaging.webhooks import is_signed, twiml
from village.referrals.actions.texts import answer_text


@csrf_exempt
@require_POST
def inbound_text(request: HttpRequest) -> HttpResponse:
    if not is_signed(request):
        return HttpResponseForbidden("Invalid signature.")
    provider_id = request.POST.get("MessageSid", "")
    raw = request.POST.get("From", "")
    if not provider_id or not raw:
        return HttpResponse("MessageSid and From are required.", status=400)
    text, new = receive_text(provider_id, e164(raw) or raw[:20], request.POST.get("Body", ""))
    if not new:
        return twiml()  # the same text again (a retried webhook): acted on and answered once
    return twiml(answer_text(text))
