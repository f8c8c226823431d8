"""Where text messages go: a small backend interface, a file backend and Twilio's.

A backend sends one text and answers with the provider's id for it (callbacks about the text name
that id) or raises `TextNotSent`. It also finds the texts it sent to a number with a given body and
status callback (`find`), so that a text whose sender stopped before it saved the answer (a killed
worker, a lost response) is looked up at the provider before it is ever sent again.
`VILLAGE_SMS_BACKEND` chooses: "file" writes each text to
`var/sms/` (as mail goes to `var/mail/`), "twilio" calls Twilio's API through its own library.
Another provider is one more class with `send` and `find` methods and one more value of the setting.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from twilio.base.exceptions import TwilioException
from twilio.http.http_client import TwilioHttpClient
from twilio.request_validator import RequestValidator
from twilio.rest import Client

# Seconds a call to the provider may take: a worker never waits long enough to be taken for dead
# (VILLAGE_SENDING_TIMEOUT_MINUTES is much longer).
PROVIDER_TIMEOUT = 30


class TextNotSent(Exception):
    """The provider refused the text or could not be reached; the message says why."""


@dataclass(frozen=True)
class SentText:
    provider_id: str
    status: str  # the provider's first word on it ("queued", "accepted", "sent")


class SmsBackend(Protocol):
    def send(self, to: str, body: str, *, status_callback: str) -> SentText: ...

    def find(self, to: str, body: str, *, status_callback: str, since: datetime.datetime) -> list[SentText]:
        """The texts the provider holds to `to` with this body, created since `since`, newest first
        (with this status callback where the provider keeps it). Raises `TextNotSent` when the
        provider cannot be asked."""
        ...


class FileBackend:
    """Each text a file in VILLAGE_SMS_DIR, named by time and id, readable by a person."""

    def send(self, to: str, body: str, *, status_callback: str) -> SentText:
        folder = settings.VILLAGE_SMS_DIR
        folder.mkdir(parents=True, exist_ok=True)
        provider_id = f"FILE{secrets.token_hex(16)}"
        now = timezone.now()
        path = folder / f"{now:%Y%m%d-%H%M%S-%f}-{provider_id}.txt"
        path.write_text(
            f"To: {to}\nDate: {now.isoformat()}\nId: {provider_id}\nCallback: {status_callback}\n\n{body}\n",
            encoding="utf-8",
        )
        return SentText(provider_id, "sent")

    def find(self, to: str, body: str, *, status_callback: str, since: datetime.datetime) -> list[SentText]:
        folder = settings.VILLAGE_SMS_DIR
        found = []
        for path in sorted(folder.glob("*.txt"), reverse=True) if folder.exists() else []:
            head, _sep, text = path.read_text(encoding="utf-8").partition("\n\n")
            fields = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
            ours = (fields.get("To"), fields.get("Callback"), text.rstrip("\n")) == (to, status_callback, body)
            if ours and datetime.datetime.fromisoformat(fields["Date"]) >= since:
                found.append(SentText(fields["Id"], "sent"))
        return found


class TwilioBackend:
    """Twilio's Programmable Messaging, through the `twilio` library."""

    def __init__(self, client: Client | None = None) -> None:
        self.client = client or Client(
            settings.TWILIO_ACCOUNT_SID,
            settings.TWILIO_AUTH_TOKEN,
            http_client=TwilioHttpClient(timeout=PROVIDER_TIMEOUT),
        )

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

    def find(self, to: str, body: str, *, status_callback: str, since: datetime.datetime) -> list[SentText]:
        # Twilio's message list filters by number; the body and the creation time tell ours apart
        # (Twilio does not return a message's status callback).
        try:
            messages = self.client.messages.list(to=to, limit=50)
        except TwilioException as exc:
            raise TextNotSent(str(exc)) from exc
        return [
            SentText(str(m.sid), str(m.status or ""))
            for m in messages
            if m.body == body and m.date_created is not None and m.date_created >= since
        ]


def backend() -> SmsBackend:
    if settings.VILLAGE_SMS_BACKEND == "twilio":
        return TwilioBackend()
    return FileBackend()


def signature_is_valid(url: str, params: dict[str, str], signature: str) -> bool:
    """Whether Twilio signed this request (the URL it called and the posted fields) with our auth token."""
    if not settings.TWILIO_AUTH_TOKEN or not signature:
        return False
    return bool(RequestValidator(settings.TWILIO_AUTH_TOKEN).validate(url, params, signature))
