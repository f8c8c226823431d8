"""The one way messages leave Village: queue them in the outbox, send them, retry them, fall back.

Each message is rendered in its recipient's language before it is queued (`queue_each` does
that for callers with a subject and body to fill in; others build `Rendered` messages under
`translation.override`), so a delivery row holds exactly what that person receives.

A message goes to each person by the channels they accept (`Reach`, worked out by the app that
knows the person: `village.families.contact.reach_for` for families), first one first: a delivery
is written for each channel, the later ones held in reserve, and the next one is released only
when the one before it fails for good (its last attempt, or the provider's "undelivered"). People
with no `Reach` get email, as staff do. Sending is the background half of queueing, so the
`deliver` task is defined here, beside the actions that enqueue it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from village.accounts.models import User
from village.audit.actions import record
from village.lib.links import absolute_url
from village.lib.translation import translated
from village.messaging import sms
from village.messaging.models import (
    ABOUT_CONVERSATION,
    DONE_STATUSES,
    MAX_ATTEMPTS,
    Channel,
    Delivery,
    DeliveryStatus,
    MessageSettings,
    Outbox,
    TextOptOut,
    retry_delay,
)
from village.messaging.quiet import held_until
from village.messaging.replies import reply_address
from village.messaging.texts import segments
from village.messaging.topics import Frequency, frequency_for, is_urgent

# Sign-in codes and password resets are wanted within seconds: a worker takes them before
# anything else waiting (a batch of reminders, a long import). django.tasks allows -100..100.
PROMPT_PRIORITY = 50


@dataclass(frozen=True)
class Reach:
    """The channels a person accepts messages by, in order ("sms", "email", "paper"), and their
    number for texts (E.164). Channels Village cannot use for them are already left out."""

    channels: tuple[str, ...] = (Channel.EMAIL,)
    phone: str = ""


@dataclass(frozen=True)
class Rendered:
    """One recipient's message, subject and body already in their language.

    `recipient` is the person it is for, or None when the address belongs to no account (allauth
    answers a password reset for an unknown address). `address` is where it goes: the recipient's
    email unless given. `text` is the short version for a text message; `reach` the channels the
    person accepts (email when None).
    """

    recipient: User | None
    subject: str
    body: str
    language: str = ""
    address: str = ""
    text: str = ""
    reach: Reach | None = None

    @property
    def to(self) -> str:
        return self.address or (self.recipient.email if self.recipient is not None else "")

    @property
    def usable(self) -> bool:
        """There is an address, and the account (if any) is not deactivated."""
        return bool(self.to) and (self.recipient is None or self.recipient.is_active)


def queue_email(
    kind: str,
    messages: Iterable[Rendered],
    *,
    district_id: int | None = None,
    prompt: bool = False,
    about: str = "",
    asks: str = "",
    urgent: bool = False,
) -> Outbox | None:
    """Write one outbox message with deliveries for each recipient (one a channel they accept,
    the later ones held in reserve), and send the first after commit.

    Messages without an address, or for deactivated accounts, are skipped; returns None when
    nobody is left to write to. `prompt` puts the deliveries ahead of other waiting work. `about`
    and `asks` say what the message is about and what answer it asks for, for replies by text.

    What each person chose for this kind of message (`village.messaging.topics`) is followed: a
    message they turned off is written "not sent: turned off", one they want in a daily summary
    waits for it (`actions.digests`). An urgent message (`urgent`, or an urgent kind) is sent at
    once whatever they chose, quiet hours included.
    """
    usable = [m for m in messages if m.usable]
    if not usable:
        return None
    urgent = urgent or is_urgent(kind)
    phones = {m.reach.phone for m in usable if m.reach is not None and m.reach.phone}
    opted_out = set(TextOptOut.objects.filter(number__in=phones).values_list("number", flat=True))
    chosen = _frequencies({m.recipient.pk for m in usable if m.recipient is not None})
    with transaction.atomic():
        outbox = Outbox.objects.create(kind=kind, district_id=district_id, urgent=urgent)
        rows: list[Delivery] = []
        for m in usable:
            frequency = Frequency.INSTANT
            if m.recipient is not None and not urgent:
                frequency = frequency_for(kind, chosen.get(m.recipient.pk, {}))
            rows += _deliveries(outbox, m, opted_out, about=about, asks=asks, frequency=frequency)
        deliveries = Delivery.objects.bulk_create(rows)
        record(None, "messaging.outbox.queued", outbox, district_id=district_id, kind=kind, recipients=len(usable))
        ids = [d.pk for d in deliveries if d.status == DeliveryStatus.QUEUED]
        transaction.on_commit(lambda: _enqueue(ids, prompt=prompt))
    return outbox


def _frequencies(person_ids: set[int]) -> dict[int, dict[str, str]]:
    """By person, the topics whose frequency they changed (one query for all recipients)."""
    if not person_ids:
        return {}
    return dict(MessageSettings.objects.filter(person_id__in=person_ids).values_list("person_id", "frequencies"))


def _footer(m: Rendered) -> str:
    """The last lines of an email to a person with an account: where to change what they receive."""
    with translation.override(m.language or settings.LANGUAGE_CODE):
        return _("Change what you receive: %(link)s") % {"link": absolute_url(reverse("messaging:preferences"))}


def _deliveries(
    outbox: Outbox,
    m: Rendered,
    opted_out: set[str],
    *,
    about: str,
    asks: str,
    frequency: Frequency = Frequency.INSTANT,
) -> list[Delivery]:
    """One delivery a channel the person accepts (a number that opted out is no channel): the
    first queued (or waiting to be printed), the others held. A message the person turned off
    is one row, marked so; one for their daily summary waits for it (the others held, so the
    summary knows the person's channels)."""
    reach = m.reach or Reach()
    usable = [c for c in reach.channels if c != Channel.SMS or (reach.phone and reach.phone not in opted_out)]
    footer = _footer(m) if m.recipient is not None and not outbox.urgent else ""
    rows = []
    for rank, channel in enumerate(usable or [Channel.EMAIL]):
        first = DeliveryStatus.TO_PRINT if channel == Channel.PAPER else DeliveryStatus.QUEUED
        if frequency == Frequency.OFF:
            first = DeliveryStatus.TURNED_OFF
        elif frequency == Frequency.DAILY:
            first = DeliveryStatus.FOR_DIGEST
        is_text = channel == Channel.SMS
        text = m.text or m.subject
        body = f"{m.body.rstrip()}\n\n-- \n{footer}\n" if footer and channel == Channel.EMAIL else m.body
        rows.append(
            Delivery(
                outbox=outbox,
                recipient=m.recipient,
                channel=channel,
                address=reach.phone if is_text else (m.to if channel == Channel.EMAIL else ""),
                language=m.language,
                subject=m.subject[:300],
                body=text if is_text else body,
                segments=segments(text) if is_text else None,
                rank=rank,
                status=first if rank == 0 else DeliveryStatus.HELD,
                about=about,
                asks=asks,
            )
        )
        if frequency == Frequency.OFF:
            break
    return rows


def queue_each(
    kind: str,
    people: Iterable[User],
    subject: str | Promise,
    body: str | Promise,
    *,
    district_id: int | None = None,
    text: str | Promise = "",
    reach: Mapping[int, Reach] | None = None,
    about: str = "",
    asks: str = "",
    urgent: bool = False,
    **values: object,
) -> Outbox | None:
    """Render one message per person in that person's language, then queue them.

    `subject`, `body` and `text` (the short version for a text message; the subject and the link
    when blank) are lazy translations (`gettext_lazy`) with %(name)s placeholders. A value that is
    translatable content (a dict keyed by language, such as `Service.name`) is read in each person's
    language (`message_text`); a `path` or `link` becomes an absolute link. `reach` gives, by
    person id, the channels each accepts (email otherwise).
    """
    links = {k: absolute_url(str(v)) for k, v in values.items() if k in LINK_KEYS}
    messages = []
    for person in people:
        language = person.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            filled = {k: message_text(v) if isinstance(v, Mapping) else v for k, v in values.items()} | links
            short = str(text) % filled if text else " ".join([str(subject) % filled, *links.values()])
            messages.append(
                Rendered(
                    person,
                    str(subject) % filled,
                    str(body) % filled,
                    language,
                    text=short,
                    reach=reach.get(person.pk) if reach is not None else None,
                )
            )
    return queue_email(kind, messages, district_id=district_id, about=about, asks=asks, urgent=urgent)


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
    and the time of the next attempt (backing off exponentially; none after the last one, and
    then the person's next channel is released)."""
    delivery.attempts += 1
    delivery.last_attempt_at = timezone.now()
    try:
        if delivery.channel == Channel.SMS:
            _send_text(delivery)
        else:
            EmailMessage(
                subject=delivery.subject,
                body=delivery.body,
                to=[delivery.address],
                from_email=settings.DEFAULT_FROM_EMAIL,
                reply_to=_reply_to(delivery),
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
    fields = ["attempts", "last_attempt_at", "status", "last_error", "sent_at", "next_attempt_at", "provider_id"]
    # The outcome is written only while nothing else has: a provider's status callback about this
    # text may arrive before this line (it names the delivery) and is kept, not overwritten.
    still_ours = Q(status__in=[DeliveryStatus.SENDING, DeliveryStatus.QUEUED]) | Q(
        status=DeliveryStatus.FAILED, attempts__lt=MAX_ATTEMPTS
    )
    if not Delivery.objects.filter(still_ours, pk=delivery.pk).update(**{f: getattr(delivery, f) for f in fields}):
        Delivery.objects.filter(pk=delivery.pk).update(
            attempts=Greatest(F("attempts"), delivery.attempts), last_attempt_at=delivery.last_attempt_at
        )
        delivery.refresh_from_db()
        return delivery
    if delivery.given_up:
        fall_back(delivery)
    elif delivery.status == DeliveryStatus.SENT and delivery.channel == Channel.EMAIL:
        letters_not_needed(delivery)
    return delivery


def _reply_to(delivery: Delivery) -> list[str]:
    """A conversation's email to a family member answers to an address naming the conversation and
    the person (`village.messaging.replies`), when the district receives email; none otherwise."""
    if not delivery.about.startswith(ABOUT_CONVERSATION) or delivery.recipient_id is None:
        return []
    address = reply_address(int(delivery.about.removeprefix(ABOUT_CONVERSATION)), delivery.recipient_id)
    return [address] if address else []


def letters_not_needed(reached: Delivery) -> int:
    """The message reached its person (an email sent, a text delivered): a letter of the same
    message released earlier, when this channel had failed, is no longer printed."""
    if reached.recipient_id is None:
        return 0
    return Delivery.objects.filter(
        outbox_id=reached.outbox_id,
        recipient_id=reached.recipient_id,
        rank__gt=reached.rank,
        channel=Channel.PAPER,
        status=DeliveryStatus.TO_PRINT,
    ).update(status=DeliveryStatus.NOT_NEEDED)


def status_callback(delivery: Delivery) -> str:
    """The address the provider reports a text's status to: it names the delivery, so a report
    arriving before the send's answer is saved still finds its row."""
    return absolute_url(f"{reverse('messaging:text_status')}?d={delivery.pk}")


def _send_text(delivery: Delivery) -> None:
    if TextOptOut.objects.filter(number=delivery.address).exists():
        delivery.attempts = MAX_ATTEMPTS  # nothing to retry: the person said STOP
        raise sms.TextNotSent(_("The number opted out of text messages (STOP)."))
    backend = sms.backend()
    callback = status_callback(delivery)
    if delivery.attempts > 1 and _found_at_provider(backend, delivery, callback):
        return
    sent = backend.send(delivery.address, delivery.body, status_callback=callback)
    delivery.provider_id = sent.provider_id


def _found_at_provider(backend: sms.SmsBackend, delivery: Delivery, callback: str) -> bool:
    """Before a text is sent again, ask the provider whether an earlier attempt reached it after
    all (its answer lost, or its worker killed). A text found is adopted, never sent twice; one the
    provider could not deliver fails for good. Raises `TextNotSent` when the provider cannot be
    asked (the attempt fails and is tried again later)."""
    taken = Delivery.objects.exclude(pk=delivery.pk).filter(channel=Channel.SMS, address=delivery.address)
    # Providers keep times to the second (Twilio): a minute's slack before the message was written.
    since = delivery.outbox.created_at - datetime.timedelta(minutes=1)
    held = backend.find(delivery.address, delivery.body, status_callback=callback, since=since)
    found = [t for t in held if not taken.filter(provider_id=t.provider_id).exists()]
    if not found:
        return False
    delivery.provider_id = found[0].provider_id
    record(None, "messaging.delivery.found_at_provider", delivery.outbox, delivery=delivery.pk, status=found[0].status)
    if PROVIDER_STATUSES.get(found[0].status) == DeliveryStatus.FAILED:
        delivery.attempts = MAX_ATTEMPTS
        raise sms.TextNotSent(_("The provider could not deliver the text (%(status)s).") % {"status": found[0].status})
    return True


def fall_back(failed: Delivery) -> Delivery | None:
    """Release the person's next channel for this message, once: the held delivery becomes queued
    (or waiting to be printed) only while it is still held, so a second failure report changes nothing."""
    if failed.recipient_id is None:
        return None
    following = (
        Delivery.objects.filter(outbox_id=failed.outbox_id, recipient_id=failed.recipient_id, rank__gt=failed.rank)
        .order_by("rank")
        .first()
    )
    if following is None:
        return None
    status = DeliveryStatus.TO_PRINT if following.channel == Channel.PAPER else DeliveryStatus.QUEUED
    with transaction.atomic():
        if not Delivery.objects.filter(pk=following.pk, status=DeliveryStatus.HELD).update(status=status):
            return None
        record(None, "messaging.delivery.fell_back", failed.outbox, delivery=failed.pk, channel=following.channel)
        if status == DeliveryStatus.QUEUED:
            transaction.on_commit(lambda: _enqueue([following.pk]))
    following.status = status
    return following


# Twilio's message statuses that change a delivery; the others (queued, accepted, scheduled,
# sending, read, canceled) change nothing.
PROVIDER_STATUSES = {
    "sent": DeliveryStatus.SENT,
    "delivered": DeliveryStatus.DELIVERED,
    "undelivered": DeliveryStatus.FAILED,
    "failed": DeliveryStatus.FAILED,
}
# The statuses each one may follow: a delivery only moves forward.
_MAY_FOLLOW = {
    DeliveryStatus.SENT: [DeliveryStatus.SENDING],
    DeliveryStatus.DELIVERED: [DeliveryStatus.SENDING, DeliveryStatus.SENT],
    DeliveryStatus.FAILED: [DeliveryStatus.SENDING, DeliveryStatus.SENT],
}


def record_text_status(
    provider_id: str, provider_status: str, error_code: str = "", *, delivery_id: int | None = None
) -> Delivery | None:
    """A provider's status callback about one text. A late "sent" after "delivered", or the same
    callback twice, changes nothing; "undelivered" or "failed" is final for that number, so the
    person's next channel is released (once).

    The callback names its delivery (`delivery_id`, from the address it was given), so a callback
    that arrives before the sender saved the provider's id is kept: the id is recorded from it,
    and the sender's own outcome, saved later, does not overwrite it. Such a text may even have
    been recorded as failed (the provider's answer was lost): the provider had it after all, so it
    moves on and is not sent again."""
    status = PROVIDER_STATUSES.get(provider_status)
    if not provider_id:
        return None
    texts = Delivery.objects.filter(channel=Channel.SMS)
    delivery = texts.filter(provider_id=provider_id).first()
    unsaved = False
    if delivery is None and delivery_id is not None:
        delivery = texts.filter(pk=delivery_id, provider_id="").first()
        unsaved = delivery is not None
    if delivery is None or status is None:
        return delivery
    changes: dict[str, object] = {"status": status, "provider_id": provider_id}
    may_follow = list(_MAY_FOLLOW[status])
    if unsaved and status != DeliveryStatus.FAILED:
        may_follow += [DeliveryStatus.QUEUED, DeliveryStatus.FAILED]
        changes |= {"next_attempt_at": None, "last_error": ""}
    if status == DeliveryStatus.FAILED:
        error = _("The provider could not deliver the text (%(status)s, error %(code)s).") % {
            "status": provider_status,
            "code": error_code or "?",
        }
        changes |= {"attempts": MAX_ATTEMPTS, "last_error": error, "next_attempt_at": None}
    with transaction.atomic():
        moved = Delivery.objects.filter(pk=delivery.pk, status__in=may_follow).update(**changes)
        delivery.refresh_from_db()
        if moved:
            record(None, "messaging.delivery.status", delivery.outbox, delivery=delivery.pk, status=provider_status)
            if status == DeliveryStatus.FAILED:
                fall_back(delivery)
            elif status == DeliveryStatus.DELIVERED:
                letters_not_needed(delivery)
    return delivery


@task()
def deliver(delivery_id: int) -> str:
    """Send one delivery (the background half of `queue_email` and the retries). After a failure,
    a worker backend that can defer tasks runs it again when its back-off has passed;
    `send_reminders` (daily) or the outbox page retry what is due otherwise.

    In the person's quiet hours a message that is not urgent is not sent: its next attempt is set
    to the end of the quiet hours, when a deferring worker (or `reconcile_deliveries`) sends it."""
    now = timezone.now()
    later = held_until(delivery_id, now)
    if later is not None:
        if Delivery.objects.filter(pk=delivery_id, status__in=[DeliveryStatus.QUEUED, DeliveryStatus.FAILED]).update(
            next_attempt_at=later
        ):
            _defer(delivery_id, later)
        return "quiet"
    # Exactly once: only the worker whose update moves the row to "being sent" sends it, so the
    # same task run twice (or by two workers at once) sends one message. A queued row waiting for
    # the end of quiet hours is not due yet.
    due = Q(status=DeliveryStatus.FAILED) | Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    claimed = (
        Delivery.objects.filter(
            pk=delivery_id, status__in=[DeliveryStatus.QUEUED, DeliveryStatus.FAILED], attempts__lt=MAX_ATTEMPTS
        )
        .filter(due)
        .update(status=DeliveryStatus.SENDING, last_attempt_at=now)
    )
    delivery = Delivery.objects.filter(pk=delivery_id).first()
    if not claimed or delivery is None or delivery.status in DONE_STATUSES:
        return "skipped"
    send(delivery)
    if delivery.next_attempt_at is not None:
        _defer(delivery.pk, delivery.next_attempt_at)
    return str(delivery.status)


def _defer(delivery_id: int, when: datetime.datetime) -> None:
    if deliver.get_backend().supports_defer:
        deliver.using(run_after=when).enqueue(delivery_id)


def reconcile_sending(now: datetime.datetime | None = None) -> dict[str, int]:
    """Deliveries left "being sent" by a worker that stopped (killed, out of memory, a machine
    lost) for longer than VILLAGE_SENDING_TIMEOUT_MINUTES since it claimed them.

    - A text is marked failed, its lost attempt counted, and queued again at once; the next attempt
      asks the provider first (`_found_at_provider`) and adopts the text if an earlier attempt
      reached it, so it is never sent twice. Past its last attempt, the person's next channel is used.
    - An email cannot be looked up (SMTP keeps no record to ask), and may have gone: it is marked
      failed for good, with the reason, and not sent again unless a person presses "Send again now".

    Returns how many of each. Run by `manage.py reconcile_deliveries` (every few minutes)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(minutes=settings.VILLAGE_SENDING_TIMEOUT_MINUTES)
    stuck = Delivery.objects.filter(status=DeliveryStatus.SENDING).filter(
        Q(last_attempt_at__lt=cutoff) | Q(last_attempt_at__isnull=True)
    )
    counts = {"texts_retried": 0, "emails_stopped": 0}
    for delivery in stuck.select_related("outbox"):
        attempts = delivery.attempts + 1
        if delivery.channel == Channel.SMS:
            error = _(
                "The worker sending this text stopped before it was saved; the provider is asked before it is "
                "sent again."
            )
            again = now if attempts < MAX_ATTEMPTS else None
            changes = {"attempts": min(attempts, MAX_ATTEMPTS), "next_attempt_at": again}
            counts_key = "texts_retried"
        else:
            error = _(
                "The worker sending this email stopped before it was saved: it may have been sent. It is not sent "
                "again automatically; check with the person, then send it again if needed."
            )
            changes = {"attempts": MAX_ATTEMPTS, "next_attempt_at": None}
            counts_key = "emails_stopped"
        with transaction.atomic():
            if not Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
                status=DeliveryStatus.FAILED, last_error=error, last_attempt_at=now, **changes
            ):
                continue  # the worker was alive after all and saved its outcome
            record(
                None, "messaging.delivery.reconciled", delivery.outbox, delivery=delivery.pk, channel=delivery.channel
            )
            delivery.refresh_from_db()
            if delivery.channel == Channel.SMS:
                if delivery.given_up:
                    fall_back(delivery)
                else:
                    transaction.on_commit(partial(_enqueue, [delivery.pk]))
        counts[counts_key] += 1
    return counts


def _enqueue(ids: Sequence[int], *, prompt: bool = False) -> None:
    sender = deliver.using(priority=PROMPT_PRIORITY) if prompt and deliver.get_backend().supports_priority else deliver
    for pk in ids:
        sender.enqueue(pk)
