from __future__ import annotations

from typing import Any

from django.urls import reverse

from conftest import World


def test_visitors_switch_language_with_a_plain_form(client: Any, db: Any) -> None:
    response = client.post(reverse("set_language"), {"language": "ar", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html


def test_a_signed_in_persons_choice_is_remembered_on_every_device(client: Any, world: World) -> None:
    client.force_login(world.dana)
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    world.dana.refresh_from_db()
    assert world.dana.preferred_language == "vi"
    other_device = type(client)()
    other_device.force_login(world.dana)
    assert '<html lang="vi" dir="ltr">' in other_device.get("/").content.decode()


def test_the_saved_language_wins_over_the_browser(client: Any, world: World) -> None:
    client.force_login(world.amina)  # Amina chose Arabic
    html = client.get("/", headers={"accept-language": "en-US"}).content.decode()
    assert '<html lang="ar" dir="rtl">' in html


def test_an_unknown_language_is_refused(client: Any) -> None:
    response = client.post(reverse("set_language"), {"language": "xx"})
    assert response.status_code == 200
    assert response.context["form"].errors["language"]


def test_next_cannot_send_people_off_site(client: Any) -> None:
    response = client.post(reverse("set_language"), {"language": "es", "next": "https://evil.example.com/"})
    assert response["Location"] == "/"


def test_profile_form_errors_are_in_the_persons_language(client: Any, world: World) -> None:
    client.force_login(world.rosa)  # Spanish
    response = client.post(reverse("accounts:profile"), {"name": "", "preferred_language": "es"})
    html = response.content.decode()
    assert "Este campo es obligatorio" in html
    assert 'aria-invalid="true"' in html
    assert 'id="id_name_error"' in html


def test_the_welcome_after_sign_in_is_in_the_persons_saved_language(client: Any, world: World) -> None:
    """Amina chose Arabic; her phone's browser asks for English. The message that greets her
    after signing in is Arabic, as is the page it shows on."""
    from conftest import PASSWORD

    response = client.post(
        reverse("account_login"),
        {"login": "amina@example.org", "password": PASSWORD},
        headers={"accept-language": "en-US"},
        follow=True,
    )
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "أهلًا بك يا Amina Hassan" in html or "أهلًا بك يا <bdi>Amina Hassan</bdi>" in html
    assert "You are signed in" not in html
