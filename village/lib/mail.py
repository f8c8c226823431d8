"""A local-demo mail backend that writes each message as readable text to var/mail/.

Django's file backend stores raw MIME, where non-English text is base64 and unreadable;
families' sign-in codes in Arabic or Vietnamese must be readable by whoever tries the demo.
"""

from __future__ import annotations

from typing import Any

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class ReadableFileBackend(FileBackend):
    def write_message(self, message: Any) -> None:
        self.stream.write(f"From: {message.from_email}\n".encode())
        self.stream.write(f"To: {', '.join(message.to)}\n".encode())
        self.stream.write(f"Subject: {message.subject}\n\n".encode())
        self.stream.write(f"{message.body}\n".encode())
        self.stream.write(b"-" * 79 + b"\n")
