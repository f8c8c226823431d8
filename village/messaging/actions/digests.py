"""The daily summary: everything a person chose to receive once a day, gathered into one message
in their language, by their channel (email in full; a text lists the subjects and links to Village).

`manage.py send_digests` (cron, once a day) runs `send_digests`. Each message waiting for a
person's summary is taken by one summary only: the rows are claimed by one update that also names
the summary, so a second run, or two runs at once, find nothing left and send nothing; a person with
nothing waiting gets no summary.
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from village.accounts.models import User
from village.audit.actions import record
from village.lib.links import absolute_url
from village.messaging.actions import Reach, Rendered, _deliveries, _enqueue
from village.messaging.models import Channel, Delivery, DeliveryStatus, Outbox, TextOptOut
from village.messaging.topics import DIGEST_KIND

# What separates a message from the footer `queue_email` adds to emails (left out of a summary,
# which has its own).
FOOTER_MARK = "\n\n-- \n"
# A summary by text lists subjects up to about this many characters (two or three segments).
TEXT_SUBJECTS_MAX = 220


def send_digests() -> int:
    """One summary for each person with messages waiting for it. Returns how many were sent."""
    waiting = (
        Delivery.objects.filter(status=DeliveryStatus.FOR_DIGEST, recipient__isnull=False)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    return sum(1 for person_id in sorted({p for p in waiting if p is not None}) if send_digest(person_id))


def send_digest(person_id: int) -> Outbox | None:
    """Gather what waits for this person's summary into one message and queue it; None when
    nothing waits (another run took it) or the account is closed (the messages keep waiting)."""
    person = User.objects.filter(pk=person_id, is_active=True).first()
    if person is None:
        return None
    with transaction.atomic():
        outbox = Outbox.objects.create(kind=DIGEST_KIND)
        claimed = Delivery.objects.filter(recipient_id=person_id, status=DeliveryStatus.FOR_DIGEST).update(
            status=DeliveryStatus.IN_DIGEST, digest=outbox, sent_at=timezone.now()
        )
        if not claimed:
            transaction.set_rollback(True)
            return None
        items = list(
            Delivery.objects.filter(digest=outbox).select_related("outbox").order_by("outbox__created_at", "pk")
        )
        outbox_ids = [item.outbox_id for item in items]
        rows = list(Delivery.objects.filter(outbox_id__in=outbox_ids, recipient_id=person_id).order_by("rank"))
        # The channels the messages would have taken are now the summary's.
        Delivery.objects.filter(pk__in=[r.pk for r in rows if r.status == DeliveryStatus.HELD]).update(
            status=DeliveryStatus.NOT_NEEDED
        )
        districts = {item.outbox.district_id for item in items}
        outbox.district_id = districts.pop() if len(districts) == 1 else None
        outbox.save(update_fields=["district"])
        message = _summary(person, items, rows)
        phones = {message.reach.phone} if message.reach is not None and message.reach.phone else set()
        opted_out = set(TextOptOut.objects.filter(number__in=phones).values_list("number", flat=True))
        deliveries = Delivery.objects.bulk_create(_deliveries(outbox, message, opted_out, about="", asks=""))
        record(None, "messaging.digest.sent", outbox, recipient=person_id, messages=len(items))
        ids = [d.pk for d in deliveries if d.status == DeliveryStatus.QUEUED]
        transaction.on_commit(partial(_enqueue, ids))
    return outbox


def _summary(person: User, items: list[Delivery], rows: list[Delivery]) -> Rendered:
    """The summary in the person's language, by the channels of their latest message."""
    by_outbox: dict[int, list[Delivery]] = {}
    for row in rows:
        by_outbox.setdefault(row.outbox_id, []).append(row)
    latest = by_outbox[items[-1].outbox_id]
    channels = tuple(dict.fromkeys(row.channel for row in latest))
    phone = next((row.address for row in latest if row.channel == Channel.SMS), "")
    email = next((row.address for row in latest if row.channel == Channel.EMAIL), "") or person.email
    language = person.preferred_language or settings.LANGUAGE_CODE
    parts = []
    for number, item in enumerate(items, start=1):
        full = next((r.body for r in by_outbox[item.outbox_id] if r.channel != Channel.SMS), item.body)
        parts.append(f"{number}. {item.subject}\n\n{full.split(FOOTER_MARK)[0].strip()}")
    count = len(items)
    with translation.override(language):
        subject = ngettext(
            "Your daily summary from Village: %(count)s message",
            "Your daily summary from Village: %(count)s messages",
            count,
        ) % {"count": count}
        greeting = _("Hello %(name)s,") % {"name": person.name or person.email}
        intro = _("Here is what Village had for you today, gathered in one message as you asked.")
        body = "\n\n".join([greeting, intro, *parts])
        subjects = "; ".join(item.subject for item in items)
        if len(subjects) > TEXT_SUBJECTS_MAX:
            subjects = subjects[: TEXT_SUBJECTS_MAX - 1].rstrip() + "…"
        text = ngettext(
            "Village, your daily summary (%(count)s message): %(subjects)s. Read more: %(link)s",
            "Village, your daily summary (%(count)s messages): %(subjects)s. Read more: %(link)s",
            count,
        ) % {"count": count, "subjects": subjects, "link": absolute_url("/")}
    return Rendered(person, subject, body, language, address=email, text=text, reach=Reach(channels, phone))
