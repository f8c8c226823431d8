"""Where text messages go: a small backend interface, a file backend and Twilio's.

A backend sends one text and answers with the provider's id for it (callbacks about the text name
that id) or raises `TextNotSent`. `VILLAGE_SMS_BACKEND` chooses: "file" writes each text to
`var/sms/` (as mail goes to `var/mail/`), "twilio" calls Twilio's API through its own library.
Another provider is one more class with a `send` method and one more value of the setting.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from twilio.base.exceptions import TwilioException
from twilio.request_validator import RequestValidator
from twilio.rest import Client


class TextNotSent(Exception):
    """The provider refused the text or could not be reached; the message says why."""


@dataclass(frozen=True)
class SentText:
    provider_id: str
    status: str  # the provider's first word on it ("queued", "accepted", "sent")


class SmsBackend(Protocol):
    def send(self, to: str, body: str, *, status_callback: str) -> SentText: ...


class FileBackend:
    """Each text a file in VILLAGE_SMS_DIR, named by time and id, readable by a person."""

    def send(self, to: str, body: str, *, status_callback: str) -> SentText:
        folder = settings.VILLAGE_SMS_DIR
        folder.mkdir(parents=True, exist_ok=True)
        provider_id = f"FILE{secrets.token_hex(16)}"
        now = timezone.now()
        path = folder / f"{now:%Y%m%d-%H%M%S-%f}-{provider_id}.txt"
        path.write_text(f"To: {to}\nDate: {now.isoformat()}\nId: {provider_id}\n\n{body}\n", encoding="utf-8")
        return SentText(provider_id, "sent")


class TwilioBackend:
    """Twilio's Programmable Messaging, through the `twilio` library."""

    def __init__(self, client: Client | None = None) -> None:
        self.client = client or Client(settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN)

    def send(self, to: str, body: str, *, status_callback: str) -> SentText:
        sender = (
            {"messaging_service_sid": settings.TWILIO_MESSAGING_SERVICE_SID}
            if settings.TWILIO_MESSAGING_SERVICE_SID
            else {"from_": settings.TWILIO_FROM_NUMBER}
        )
        try:
            message = self.client.messages.create(to=to, body=body, status_callback=status_callback, **sender)
        except TwilioException as exc:  # the API's refusal (TwilioRestException) or no answer
            raise TextNotSent(str(exc)) from exc
        return SentText(str(message.sid), str(message.status or ""))


def backend() -> SmsBackend:
    if settings.VILLAGE_SMS_BACKEND == "twilio":
        return TwilioBackend()
    return FileBackend()


def signature_is_valid(url: str, params: dict[str, str], signature: str) -> bool:
    """Whether Twilio signed this request (the URL it called and the posted fields) with our auth token."""
    if not settings.TWILIO_AUTH_TOKEN or not signature:
        return False
    return bool(RequestValidator(settings.TWILIO_AUTH_TOKEN).validate(url, params, signature))
