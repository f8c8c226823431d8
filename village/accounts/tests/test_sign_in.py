from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from conftest import PASSWORD, World
from village.accounts.models import User
from village.audit.models import AuditEvent


def test_a_person_signs_in_with_email_and_password(client: Any, world: World) -> None:
    response = client.post(reverse("account_login"), {"login": "amina@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"] == world.amina
    assert AuditEvent.objects.filter(code="accounts.user.logged_in", actor=world.amina).exists()


def test_passwords_are_hashed_with_argon2(world: World) -> None:
    world.amina.refresh_from_db()
    assert world.amina.password.startswith("argon2")


def test_a_wrong_password_is_refused_and_audited(client: Any, world: World) -> None:
    response = client.post(reverse("account_login"), {"login": "amina@example.org", "password": "nope-nope-nope"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert AuditEvent.objects.filter(code="accounts.user.login_failed", details__email="amina@example.org").exists()


def test_repeated_failures_lock_the_account_for_a_while(client: Any, world: World) -> None:
    for i in range(5):
        client.post(reverse("account_login"), {"login": "amina@example.org", "password": f"wrong-{i}"})
    # Even the right password is refused while the account is locked.
    response = client.post(reverse("account_login"), {"login": "amina@example.org", "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_sign_in_flood_is_throttled_not_crashed(client: Any, world: World) -> None:
    statuses = {
        client.post(reverse("account_login"), {"login": f"x{i}@example.org", "password": "wrong-wrong"}).status_code
        for i in range(40)
    }
    assert statuses == {200, 429}


def test_staff_without_mfa_are_sent_to_enrol(client: Any, world: World) -> None:
    Authenticator.objects.filter(user=world.rosa).delete()
    client.post(reverse("account_login"), {"login": "rosa@example.org", "password": PASSWORD})
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    assert client.get(reverse("home:school", kwargs={"pk": world.lincoln.pk})).status_code == 302
    # The enrolment page itself stays reachable.
    assert client.get(response["Location"]).status_code == 200


def test_families_are_not_asked_for_mfa(client: Any, world: World) -> None:
    client.force_login(world.amina)
    assert client.get(reverse("home")).status_code == 200


@override_settings(VILLAGE_MFA_REQUIRED=False)
def test_the_demo_setting_relaxes_mfa_and_says_so(client: Any, world: World) -> None:
    Authenticator.objects.filter(user=world.rosa).delete()
    client.force_login(world.rosa)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert 'class="banner banner--notice"' in response.content.decode()


def test_staff_with_totp_must_give_a_code_after_the_password(client: Any, world: World) -> None:
    response = client.post(reverse("account_login"), {"login": "rosa@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_a_family_signs_in_with_a_code_sent_by_email(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_request_login_code"), {"email": "amina@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["amina@example.org"]
    # Amina reads Arabic: the mail is written in Arabic.
    assert any("\u0600" <= ch <= "\u06ff" for ch in message.body)
    code = re.search(r"\b([A-Z0-9]{3,5}-[A-Z0-9]{3,5}|[A-Z0-9]{6,8})\b", message.body)
    assert code, message.body
    response = client.post(reverse("account_confirm_login_code"), {"code": code.group(1)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.amina.pk)


def test_password_reset_mail_arrives_in_the_recipients_language(
    client: Any, world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "rosa@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "contraseña" in mail.outbox[0].body.lower()


def test_public_sign_up_is_closed(client: Any, world: World) -> None:
    response = client.post(reverse("account_signup"), {"email": "new@example.org", "password1": "a-long-password-1"})
    assert not User.objects.filter(email="new@example.org").exists()
    assert response.status_code == 200


@pytest.mark.parametrize("language,word", [("ar", "كلمة المرور"), ("vi", "Mật khẩu"), ("es", "Contraseña")])
def test_the_sign_in_page_speaks_every_language(client: Any, language: str, word: str) -> None:
    client.cookies["village_language"] = language
    response = client.get(reverse("account_login"))
    html = response.content.decode()
    assert f'lang="{language}"' in html
    assert word in html
