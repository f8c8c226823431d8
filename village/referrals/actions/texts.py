"""A text a family sends to Village: a keyword honoured for its number, an answer to the
question a text asked ("did you get the help?"), recorded as the web answer is, or a reply to a
conversation the school started by text, added to its thread.

The sender is matched to a person only by the number the roster holds for them
(`families.contact.people_with_number`), and only when exactly one person has it: a number two
households share, or one nobody has, is never guessed; the text is kept for staff and the sender
gets a neutral reply. STOP and START hold for the number whoever sent them.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from village.accounts.models import User
from village.families.contact import people_with_number
from village.families.conversations import reply_by_text
from village.messaging.actions.inbound import last_question, opt_in, opt_out, settle_text
from village.messaging.models import ABOUT_CONVERSATION, InboundOutcome, InboundText
from village.messaging.texts import HELP, NO, START, STOP, YES, keyword
from village.referrals.actions import ABOUT_REFERRAL, YES_NO, family_feedback
from village.referrals.models import Referral


def answer_text(text: InboundText) -> str:
    """Act on one received text and return the reply to send, in the sender's language (the
    keyword's language when the number belongs to nobody Village knows)."""
    word, word_language = keyword(text.body)
    people = people_with_number(text.number)
    person = people[0] if len(people) == 1 else None
    language = (person.preferred_language if person else "") or word_language or settings.LANGUAGE_CODE
    with translation.override(language):
        return _answer(text, word, person, shared=len(people) > 1)


def _answer(text: InboundText, word: str, person: User | None, *, shared: bool) -> str:
    if word == STOP:
        opt_out(text.number, text.body.strip())
        settle_text(text, InboundOutcome.STOPPED, sender=person)
        return _("You will get no more text messages from Village. Reply START to get them again.")
    if word == START:
        opt_in(text.number)
        settle_text(text, InboundOutcome.STARTED, sender=person)
        return _("You will get text messages from Village again. Reply STOP to stop them.")
    if word == HELP:
        settle_text(text, InboundOutcome.HELPED, sender=person)
        return _("Village sends messages from your school. For help, call or visit the school. Reply STOP to stop.")
    neutral = _("Thank you. Your message was kept for the school's staff. Reply STOP to stop messages.")
    if shared:
        settle_text(text, InboundOutcome.SHARED_NUMBER)
        return neutral
    if person is None:
        settle_text(text, InboundOutcome.UNKNOWN_NUMBER)
        return neutral
    referral = _asked(text, person) if word in (YES, NO) else None
    if referral is None:
        return _conversation_reply(text, person, neutral)
    family_feedback(person, referral, word == YES)
    settle_text(text, InboundOutcome.ANSWERED, sender=person, about=f"{ABOUT_REFERRAL}{referral.pk}")
    return _("Thank you. The school will read what you said.")


def _conversation_reply(text: InboundText, person: User, neutral: str) -> str:
    """Any other words answer the latest conversation the school started with them by text; a
    reply to a closed one is kept for staff and the family is told so."""
    conversation, added = reply_by_text(text, person)
    if conversation is None:
        settle_text(text, InboundOutcome.NOT_UNDERSTOOD, sender=person)
        return neutral
    about = f"{ABOUT_CONVERSATION}{conversation.pk}"
    if not added:
        settle_text(text, InboundOutcome.CONVERSATION_CLOSED, sender=person, about=about)
        return _(
            "This conversation is closed, so your message was kept for the school's staff. Call or visit the school."
        )
    settle_text(text, InboundOutcome.REPLIED, sender=person, about=about)
    return _("Thank you. Your message was added to your conversation with the school.")


def _asked(text: InboundText, person: User) -> Referral | None:
    """The referral the latest "did you get the help?" text to this person asked about, while they
    may still answer it."""
    question = last_question(text.number, person, YES_NO)
    if question is None or not question.about.startswith(ABOUT_REFERRAL):
        return None
    referral = Referral.objects.filter(pk=question.about.removeprefix(ABOUT_REFERRAL)).first()
    if referral is None or not person.has_perm("referrals.give_feedback", referral):
        return None
    return referral
