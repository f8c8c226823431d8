"""allauth's mail (sign-in codes, password resets, "no account uses this address") through the outbox.

Why a subclass here: allauth sends every mail through its adapter's `send_mail`, and queueing
mail is messaging's job, but the adapter's other rules (no public sign-up, reauthentication)
belong to `accounts`, which sits below `messaging` and may not import it. So
`village.accounts.adapter.VillageAccountAdapter` keeps those rules and this subclass only adds
the mail hook; `ACCOUNT_ADAPTER` names this class, so allauth gets both.

allauth decides whom to write to (with enumeration prevention, an unknown address gets an
"unknown account" note); the outbox only carries the message, so a delivery may have an
address and no person. The message is rendered in the account's language, else in the
language of the page that asked, and queued ahead of other waiting work, since a sign-in code
is wanted at once.
"""

from __future__ import annotations

from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation

from village.accounts.adapter import VillageAccountAdapter
from village.accounts.models import User
from village.messaging.actions import Rendered, queue_email


class MessagingAccountAdapter(VillageAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, object]) -> None:
        request = allauth_context.request
        user = User.objects.filter(email__iexact=email).first()
        language = (user.preferred_language if user else "") or translation.get_language() or settings.LANGUAGE_CODE
        full_context = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        with translation.override(language):
            message = self.render_mail(template_prefix, email, full_context)
        # An inactive account still gets what allauth chose to send it, as before the outbox.
        recipient = user if user is not None and user.is_active else None
        queue_email(
            f"accounts.{template_prefix.rsplit('/', 1)[-1]}",
            [Rendered(recipient, str(message.subject), str(message.body), language, address=email)],
            prompt=True,
        )
