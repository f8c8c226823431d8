from __future__ import annotations

from django.core.mail import EmailMessage
from django.tasks import task


@task()
def send_email(*, subject: str, body: str, to: list[str], from_email: str) -> int:
    """Deliver one already-rendered email. Rendering happened in the recipient's language."""
    return EmailMessage(subject=subject, body=body, to=to, from_email=from_email).send()
