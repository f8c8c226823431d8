from __future__ import annotations

from pathlib import Path

from django.core.mail import EmailMessage

from village.lib.mail import ReadableFileBackend


def test_local_mail_is_readable_in_any_language(tmp_path: Path) -> None:
    backend = ReadableFileBackend(file_path=str(tmp_path))
    sent = backend.send_messages([EmailMessage("رمز تسجيل الدخول", "رمزك: KGXH-FPGS", to=["amina@example.org"])])
    assert sent == 1
    text = next(tmp_path.iterdir()).read_text(encoding="utf-8")
    assert "Subject: رمز تسجيل الدخول" in text
    assert "رمزك: KGXH-FPGS" in text
