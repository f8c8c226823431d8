"""Texts and emails people send to Village: kept as received, with STOP and START honoured for
a text's number.

STOP and START are about a number, not a person: carriers require them to work for any number,
known to Village or not. What a reply means for the work it answers (a referral's "did you get
help?") is decided by the app that owns that work; this module keeps the text and the outcome.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from village.accounts.models import User
from village.audit.actions import record
from village.messaging.models import Channel, Delivery, DeliveryStatus, InboundEmail, InboundText, TextOptOut


def _keep_once[M: (InboundText, InboundEmail)](model: type[M], key: str, value: str, **fields: str) -> tuple[M, bool]:
    """Keep one received message by the provider's key for it (`key` = `value`). A provider sending
    it again (a retried webhook, a redelivered email) gets (the kept one, False): kept once."""
    found = model.objects.filter(**{key: value}).first()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            return model.objects.create(**{key: value}, outcome="", **fields), True
    except IntegrityError:  # the same message, twice at once
        return model.objects.get(**{key: value}), False


def _settle[M: (InboundText, InboundEmail)](item: M, code: str, outcome: str, sender: User | None, about: str) -> M:
    item.outcome, item.sender, item.about = outcome, sender, about
    item.save(update_fields=["outcome", "sender", "about"])
    record(sender, code, item, outcome=outcome)
    return item


def receive_text(provider_id: str, number: str, body: str) -> tuple[InboundText, bool]:
    """Keep one received text (outcome to be set), once per provider id."""
    return _keep_once(InboundText, "provider_id", provider_id, number=number, body=body[:1600])


def settle_text(text: InboundText, outcome: str, *, sender: User | None = None, about: str = "") -> InboundText:
    """What Village did with a received text: its outcome, and the person and work it was matched to."""
    return _settle(text, "messaging.text.received", outcome, sender, about)


def receive_email(
    message_id: str, from_address: str, to_address: str, subject: str, body: str
) -> tuple[InboundEmail, bool]:
    """Keep one received email (outcome to be set), once per Message-ID."""
    return _keep_once(
        InboundEmail,
        "message_id",
        message_id,
        from_address=from_address[:254],
        to_address=to_address[:254],
        subject=subject[:300],
        body=body[:4000],
    )


def settle_email(email: InboundEmail, outcome: str, *, sender: User | None = None, about: str = "") -> InboundEmail:
    """What Village did with a received email: its outcome, and the person and work it was matched to."""
    return _settle(email, "messaging.email.received", outcome, sender, about)


def opt_out(number: str, keyword: str) -> bool:
    """The number said STOP: no text goes to it (queued ones are refused at send time). True when
    it was not opted out before."""
    with transaction.atomic():
        _out, created = TextOptOut.objects.get_or_create(number=number, defaults={"keyword": keyword[:40]})
        if created:
            record(None, "messaging.text.opted_out", _out)
    return created


def opt_in(number: str) -> bool:
    """The number said START: texts may go to it again. True when it had opted out."""
    with transaction.atomic():
        deleted, _rows = TextOptOut.objects.filter(number=number).delete()
        if deleted:
            record(None, "messaging.text.opted_in", None, number=number)
    return bool(deleted)


def last_question(number: str, recipient: User, asks: str) -> Delivery | None:
    """The latest text to this number and person that asked for this kind of answer. A message the
    person turned off, or one only named in a daily summary, never asked them anything."""
    return (
        Delivery.objects.filter(channel=Channel.SMS, address=number, recipient=recipient, asks=asks)
        .exclude(status__in=[DeliveryStatus.TURNED_OFF, DeliveryStatus.FOR_DIGEST, DeliveryStatus.IN_DIGEST])
        .order_by("-id")
        .first()
    )
