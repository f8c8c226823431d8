"""A local-demo mail backend that writes each message as readable text to var/mail/.

Django's file backend stores raw MIME, where non-English text is base64 and unreadable;
families' sign-in codes in Arabic or Vietnamese must be readable by whoever tries the demo.
"""

from __future__ import annotations

from typing import BinaryIO, cast

from django.core.mail import EmailMessage
from django.core.mail.backends.filebased import EmailBackend as FileBackend


class ReadableFileBackend(FileBackend):
    def write_message(self, message: EmailMessage) -> None:
        text = (
            f"From: {message.from_email}\nTo: {', '.join(message.to)}\nSubject: {message.subject}\n\n"
            f"{message.body}\n{'-' * 79}\n"
        )
        # The parent opens the file in binary append mode.
        cast(BinaryIO, self.stream).write(text.encode("utf-8"))
