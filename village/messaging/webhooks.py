"""Twilio's requests to Village: each one signed with the account's auth token, refused otherwise.

Twilio signs the full URL it called (VILLAGE_SITE_URL and the path) and the posted fields
(`X-Twilio-Signature`); `twilio.request_validator.RequestValidator` checks it. An unsigned or
wrongly signed request answers 403 and changes nothing.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from twilio.twiml.messaging_response import MessagingResponse

from village.lib.links import absolute_url
from village.messaging import sms
from village.messaging.actions import record_text_status


def is_signed(request: HttpRequest) -> bool:
    params = {key: request.POST.get(key, "") for key in request.POST}
    return sms.signature_is_valid(
        absolute_url(request.get_full_path()), params, request.headers.get("X-Twilio-Signature", "")
    )


def twiml(reply: str = "") -> HttpResponse:
    """The answer Twilio reads: a reply text when there is one, else nothing to send."""
    response = MessagingResponse()
    if reply:
        response.message(reply)
    return HttpResponse(str(response), content_type="text/xml")


@csrf_exempt
@require_POST
def text_status(request: HttpRequest) -> HttpResponse:
    """Twilio's status callback for one text: moves its delivery on (see `record_text_status`)."""
    if not is_signed(request):
        return HttpResponseForbidden("Invalid signature.")
    named = request.GET.get("d", "")
    record_text_status(
        request.POST.get("MessageSid", ""),
        request.POST.get("MessageStatus", ""),
        request.POST.get("ErrorCode", ""),
        delivery_id=int(named) if named.isdigit() else None,
    )
    return HttpResponse(status=204)
