"""One language module: codes from what people write, names in the reader's language from CLDR."""

from __future__ import annotations

import pytest
from django.utils import translation

from village.lib.languages import (
    closest_ui_language,
    edfi_languages,
    iso639_1,
    language_choices,
    language_label,
    language_name,
    to_edfi,
)


@pytest.mark.parametrize(
    "written,code",
    [
        ("es", "es"),
        ("spa", "es"),
        ("chi", "zh"),
        ("Spanish", "es"),
        ("Chinese (Cantonese)", "zh"),
        ("ASL", "sgn-us"),
        ("español", "es"),
        ("العربية", "ar"),
        ("Tiếng Việt", "vi"),
        ("中文", "zh"),
        ("inglés", "en"),
        ("Kreyòl ayisyen", "ht"),
        ("Soomaali", "so"),
        ("Hmong", "hmn"),
        ("nothing of the kind", None),
        ("", None),
    ],
)
def test_a_code_comes_from_a_code_a_name_or_an_endonym(written: str, code: str | None) -> None:
    assert iso639_1(written) == code


def test_names_are_cldrs_in_the_readers_language() -> None:
    assert language_name("ps", "en") == "Pashto"  # ISO 639's reference name is "Pushto"
    assert language_name("ar", "es") == "árabe"  # running text: lower case, as Spanish writes it
    assert language_label("ar", "es") == "Árabe"  # a menu item or heading
    assert language_name("vie", "zh-hans") == "越南语"  # Ed-Fi's bibliographic codes too
    with translation.override("vi"):
        assert language_name("so") == "Tiếng Somali"
        assert language_choices(("en", "sgn-us")) == [("en", "Tiếng Anh"), ("sgn-us", "Ngôn ngữ Ký hiệu Mỹ")]


def test_languages_cldr_does_not_name_fall_back_to_the_iso_name_or_the_code() -> None:
    assert language_name("afa", "ar") == "Afro-Asiatic languages"
    assert language_name("sgn-us", "es") == "Lengua de señas americana"  # Village's catalog fills CLDR's gap
    assert language_name("qqq", "en") == "qqq"


def test_the_edfi_list_is_labelled_and_sorted_for_the_reader() -> None:
    with translation.override("es"):
        spanish = edfi_languages()
    with translation.override("en"):
        english = edfi_languages()
    assert {code for code, _label in spanish} == {code for code, _label in english}
    assert dict(spanish)["ger"] == "Alemán" and dict(english)["ger"] == "German"
    labels = [label for _code, label in english]
    assert labels.index("Abkhazian") < labels.index("Zulu") < labels.index("Afro-Asiatic languages")


def test_the_closest_ui_language_and_edfi_codes() -> None:
    assert closest_ui_language("som") == ("ar", False)
    assert closest_ui_language("vie") == ("vi", True)
    assert closest_ui_language("kor") == ("en", False)
    assert to_edfi("zh") == "chi" and to_edfi("fre") == "fre" and to_edfi("xx") == ""


def test_templates_name_a_stored_code_in_the_readers_language() -> None:
    from django.template import Context, Template

    template = Template("{% load languages %}{{ a|language_label }}/{{ b|language_label }}/{{ c|language_label }}")
    with translation.override("ar"):
        assert template.render(Context({"a": "ara", "b": "so", "c": ""})) == "العربية/الصومالية/"
