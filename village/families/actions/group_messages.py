"""Send a message to a group of a school's families, written once per language.

Each person gets it only in the language they read (`group_messages.reads`): the sender either
has a translation for every language in the group, or asks to send only to the families whose
language is ready, and the others are counted as not sent. It is never sent to anyone in another
language. All of it (the record, every delivery, the audit event) is written in one transaction,
and the compose form's one-time token makes a second post of the same form send nothing more.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from village.accounts.models import User
from village.audit.actions import record
from village.families.contact import reach_for
from village.families.group_messages import Group, families_by_language, reads, recipients, supported
from village.families.models import GroupMessage
from village.lib.languages import language_label
from village.lib.links import absolute_reverse
from village.messaging.actions import Rendered, queue_email
from village.orgs.models import School

SUBJECT = gettext_lazy("%(school)s: %(subject)s")
BODY = gettext_lazy(
    "%(author)s at %(school)s wrote to the school's families:\n\n%(text)s\n\nRead it on Village: %(link)s"
)
# A text is short: the subject and where to read the whole message.
TEXT = gettext_lazy("%(school)s: %(subject)s. Read it in full: %(link)s")


@dataclass(frozen=True)
class Text:
    subject: str
    body: str


def languages_list(codes: list[str]) -> str:
    return get_text_list([language_label(c) for c in codes], _("and"))


def send_group_message(
    actor: User,
    school: School,
    group: Group,
    texts: Mapping[str, Text],
    written_in: str,
    *,
    token: str,
    only_ready: bool,
) -> tuple[GroupMessage, bool]:
    """Send, and return the record with True; or, when this form (`token`) was sent already, the
    earlier record with False and nothing sent again. Refused with a `ValidationError` when the
    message in `written_in` is empty, a language is half written or not supported, nobody in the
    group can receive it, or (unless `only_ready`) a language of the group has no translation."""
    written = {code: Text(t.subject.strip(), t.body.strip()) for code, t in texts.items()}
    written = {code: t for code, t in written.items() if t.subject or t.body}
    if written_in not in supported() or any(code not in supported() for code in written):
        raise ValidationError(_("Village does not send messages in this language."))
    mine = written.get(written_in)
    if mine is None or not mine.body:
        raise ValidationError(
            {f"body_{written_in}": _("Write the message in the language you write in before sending it.")}
        )
    half = [code for code, t in written.items() if not (t.subject and t.body)]
    if half:
        raise ValidationError(
            _("Write both a subject and a message in %(languages)s, or leave both empty.")
            % {"languages": languages_list(half)}
        )
    earlier = GroupMessage.objects.filter(token=token).first()
    if earlier is not None:
        return earlier, False
    people = recipients(school, group)
    if not people:
        raise ValidationError(_("Nobody in this group can receive messages: no family in it has a Village account."))
    everyone = families_by_language(people)
    missing = [code for code in everyone if code not in written]
    if missing and not only_ready:
        raise ValidationError(
            _(
                "Not sent: there is no translation yet for %(languages)s. Write it, or send only to the families "
                "whose language is ready."
            )
            % {"languages": languages_list(missing)}
        )
    ready = [(household, person) for household, person in people if reads(person) in written]
    if not ready:
        raise ValidationError(_("Not sent: nobody in this group reads a language the message is written in."))
    sent = families_by_language(ready)
    not_sent = {code: n for code, n in everyone.items() if code in missing}
    try:
        with transaction.atomic():
            message = GroupMessage.objects.create(
                district_id=school.district_id,
                school=school,
                author=actor,
                group=group.code,
                written_in=written_in,
                texts={code: {"subject": t.subject[:200], "body": t.body} for code, t in written.items()},
                sent_languages=list(sent),
                sent_counts=sent,
                not_sent_counts=not_sent,
                token=token,
            )
            # The kind written out (not `KIND`) so tests/test_topics.py finds it in the code.
            message.outbox = queue_email(
                "families.group_message",
                _rendered(actor, school, message, [p for _h, p in ready]),
                district_id=school.district_id,
            )
            message.save(update_fields=["outbox"])
            record(
                actor,
                "families.group_message.sent",
                message,
                school=school.pk,
                group=group.code,
                sent=sent,
                not_sent=not_sent,
            )
    except IntegrityError:
        # The same form posted twice at once: the other post holds the token and sent it.
        earlier = GroupMessage.objects.filter(token=token).first()
        if earlier is None:
            raise
        return earlier, False
    return message, True


def _rendered(actor: User, school: School, message: GroupMessage, people: list[User]) -> list[Rendered]:
    reach = reach_for(people)
    link = absolute_reverse("families:family_conversations") + f"#group-message-{message.pk}"
    rendered = []
    for person in people:
        language = reads(person)
        text = message.texts[language]
        with translation.override(language):
            values = {
                "author": actor.name or actor.email,
                "school": school.name,
                "subject": text["subject"],
                "text": text["body"],
                "link": link,
            }
            rendered.append(
                Rendered(
                    person,
                    str(SUBJECT) % values,
                    str(BODY) % values,
                    language,
                    text=str(TEXT) % values,
                    reach=reach.get(person.pk),
                )
            )
    return rendered
