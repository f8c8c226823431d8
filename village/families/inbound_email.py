"""Emails the district's email provider received for Village, passed on by django-anymail's
inbound webhook (`/anymail/<provider>/inbound/`, refused without ANYMAIL_WEBHOOK_SECRET): each one
that answers a conversation goes to `conversations.reply_by_email`.

Connected to `anymail.signals.inbound` when the app is ready (`FamiliesConfig.ready` imports this).
"""

from __future__ import annotations

import hashlib

from anymail.inbound import AnymailInboundMessage
from anymail.signals import AnymailInboundEvent, inbound
from django.dispatch import receiver

from village.families.conversations import ReceivedEmail, reply_by_email


def received(message: AnymailInboundMessage, event_id: str | None) -> ReceivedEmail:
    """What Village reads of a received email. With no Message-ID header (rare), the provider's
    own id of the email names it, else its contents do, so a redelivery is still one email."""
    sender = message.from_email
    recipients = [message.envelope_recipient or "", *(a.addr_spec for a in [*message.to, *message.cc])]
    text = message.stripped_text or message.text or ""
    from_address = sender.addr_spec if sender is not None else ""
    message_id = str(message.get("Message-ID") or "").strip() or event_id or ""
    if not message_id:
        content = "\n".join([from_address, *recipients, str(message.subject or ""), text])
        message_id = "sha256:" + hashlib.sha256(content.encode()).hexdigest()
    return ReceivedEmail(
        message_id=message_id[:255],
        from_address=from_address,
        to_addresses=tuple(a for a in recipients if a),
        subject=str(message.subject or ""),
        text=text,
    )


@receiver(inbound, dispatch_uid="village.families.inbound_email")
def on_inbound(sender: object, event: AnymailInboundEvent, esp_name: str, **kwargs: object) -> None:
    """anymail's inbound signal: one received email."""
    reply_by_email(received(event.message, event.event_id))
