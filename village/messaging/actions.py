"""The one way mail leaves Village: queue it in the outbox, send it, retry it.

Each message is rendered in its recipient's language before it is queued (`queue_each` does
that for callers with a subject and body to fill in; others build `Rendered` messages under
`translation.override`), so a delivery row holds exactly what that person receives. Sending is
the background half of queueing, so the `deliver` task is defined here, beside the actions that
enqueue it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from village.accounts.models import User
from village.audit.actions import record
from village.lib.links import absolute_url
from village.lib.translation import translated
from village.messaging.models import MAX_ATTEMPTS, Channel, Delivery, DeliveryStatus, Outbox, retry_delay

# Sign-in codes and password resets are wanted within seconds: a worker takes them before
# anything else waiting (a batch of reminders, a long import). django.tasks allows -100..100.
PROMPT_PRIORITY = 50


@dataclass(frozen=True)
class Rendered:
    """One recipient's message, subject and body already in their language.

    `recipient` is the person it is for, or None when the address belongs to no account (allauth
    answers a password reset for an unknown address). `address` is where it goes: the recipient's
    email unless given.
    """

    recipient: User | None
    subject: str
    body: str
    language: str = ""
    address: str = ""

    @property
    def to(self) -> str:
        return self.address or (self.recipient.email if self.recipient is not None else "")

    @property
    def usable(self) -> bool:
        """There is an address, and the account (if any) is not deactivated."""
        return bool(self.to) and (self.recipient is None or self.recipient.is_active)


def queue_email(
    kind: str, messages: Iterable[Rendered], *, district_id: int | None = None, prompt: bool = False
) -> Outbox | None:
    """Write one outbox message with a delivery per recipient, and send each after commit.

    Messages without an address, or for deactivated accounts, are skipped; returns None when
    nobody is left to write to. `prompt` puts the deliveries ahead of other waiting work.
    """
    usable = [m for m in messages if m.usable]
    if not usable:
        return None
    with transaction.atomic():
        outbox = Outbox.objects.create(kind=kind, district_id=district_id)
        deliveries = Delivery.objects.bulk_create(
            Delivery(
                outbox=outbox,
                recipient=m.recipient,
                channel=Channel.EMAIL,
                address=m.to,
                language=m.language,
                subject=m.subject[:300],
                body=m.body,
            )
            for m in usable
        )
        record(None, "messaging.outbox.queued", outbox, district_id=district_id, kind=kind, recipients=len(usable))
        ids = [d.pk for d in deliveries]
        transaction.on_commit(lambda: _enqueue(ids, prompt=prompt))
    return outbox


def queue_each(
    kind: str,
    people: Iterable[User],
    subject: str | Promise,
    body: str | Promise,
    *,
    district_id: int | None = None,
    **values: object,
) -> Outbox | None:
    """Render one message per person in that person's language, then queue them.

    `subject` and `body` are lazy translations (`gettext_lazy`) with %(name)s placeholders.
    A value that is translatable content (a dict keyed by language, such as `Service.name`) is
    read in each person's language (`message_text`); a `path` or `link` becomes an absolute link.
    """
    links = {k: absolute_url(str(v)) for k, v in values.items() if k in LINK_KEYS}
    messages = []
    for person in people:
        language = person.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            filled = {k: message_text(v) if isinstance(v, Mapping) else v for k, v in values.items()} | links
            messages.append(Rendered(person, str(subject) % filled, str(body) % filled, language))
    return queue_email(kind, messages, district_id=district_id)


# The placeholders of `queue_each` that hold a link: always written out absolute.
LINK_KEYS = frozenset({"path", "link"})


def message_text(value: Mapping[str, str] | None) -> str:
    """Translatable content for a message, in the active language; text not yet translated is
    given as it was written, marked so ("Homework club (not yet translated)")."""
    found = translated(value)
    if found.is_translated:
        return found.text
    return _("%(text)s (not yet translated)") % {"text": found.original}


def retry_failed_deliveries(now: datetime.datetime | None = None) -> int:
    """Re-send every failed delivery that has attempts left and whose back-off has passed.
    Returns how many were queued."""
    ids = list(
        Delivery.objects.filter(status=DeliveryStatus.FAILED, attempts__lt=MAX_ATTEMPTS)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now or timezone.now()))
        .values_list("pk", flat=True)
    )
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))
    return len(ids)


def retry_now(actor: User, delivery: Delivery) -> None:
    """A person asks for one failed delivery to be tried again at once (it gets one more attempt
    even if it had given up)."""
    if delivery.status != DeliveryStatus.FAILED:
        raise ValidationError(_("Only a failed message can be sent again."))
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(
            attempts=min(delivery.attempts, MAX_ATTEMPTS - 1), next_attempt_at=None
        )
        record(actor, "messaging.delivery.retried", delivery.outbox, delivery=delivery.pk)
        transaction.on_commit(lambda: _enqueue([delivery.pk]))


def send(delivery: Delivery) -> Delivery:
    """Try one delivery once and write the outcome on its row: sent, or failed with the error
    and the time of the next attempt (backing off exponentially; none after the last one)."""
    delivery.attempts += 1
    delivery.last_attempt_at = timezone.now()
    try:
        EmailMessage(
            subject=delivery.subject,
            body=delivery.body,
            to=[delivery.address],
            from_email=settings.DEFAULT_FROM_EMAIL,
        ).send()
    except Exception as exc:  # any transport error: keep it and retry later
        delivery.status = DeliveryStatus.FAILED
        delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        delivery.next_attempt_at = (
            delivery.last_attempt_at + retry_delay(delivery.attempts) if delivery.attempts < MAX_ATTEMPTS else None
        )
    else:
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = timezone.now()
        delivery.last_error = ""
        delivery.next_attempt_at = None
    delivery.save(update_fields=["attempts", "last_attempt_at", "status", "last_error", "sent_at", "next_attempt_at"])
    return delivery


@task()
def deliver(delivery_id: int) -> str:
    """Send one delivery (the background half of `queue_email` and the retries). After a failure,
    a worker backend that can defer tasks runs it again when its back-off has passed;
    `send_reminders` (daily) or the outbox page retry what is due otherwise."""
    delivery = Delivery.objects.filter(pk=delivery_id).first()
    if delivery is None or delivery.status == DeliveryStatus.SENT:
        return "skipped"
    send(delivery)
    if delivery.next_attempt_at is not None and deliver.get_backend().supports_defer:
        deliver.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
    return str(delivery.status)


def _enqueue(ids: Sequence[int], *, prompt: bool = False) -> None:
    sender = deliver.using(priority=PROMPT_PRIORITY) if prompt and deliver.get_backend().supports_priority else deliver
    for pk in ids:
        sender.enqueue(pk)
