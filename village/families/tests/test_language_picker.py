"""The family's language picker: the district's languages first, then living languages by name,
all named in the reader's language; no Klingon or Sumerian; a search box to narrow it."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse
from django.utils import translation

from conftest import World
from village.families.models import Household
from village.lib.languages import US_SCHOOL_LANGUAGES, language_picker


def _options(html: str) -> list[tuple[str, str]]:
    select = re.search(r'<select name="preferred_language".*?</select>', html, re.S)
    assert select is not None
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(0))


def test_the_districts_own_languages_come_first_named_in_arabic(login: Any, world: World) -> None:
    for name in ("Nguyen", "Tran", "Le"):
        Household.objects.create(district=world.riverbend, name=name, home_language="vi")
    Household.objects.create(district=world.riverbend, name="Farah", home_language="so")
    Household.objects.create(district=world.lakeside, name="Ito", home_language="ja")  # another district
    page = login("amina").get(reverse("families:profile")).content.decode()
    options = _options(page)
    codes = [code for code, _label in options]
    assert codes[:4] == ["", "vie", "ara", "som"]  # most frequent first (3, 1, 1 by code), then the US list
    assert codes.index("jpn") > codes.index("spa")  # Lakeside's Japanese is not Riverbend's
    labels = dict(options)
    assert labels["vie"] == "الفيتنامية" and labels["ara"] == "العربية"
    assert "tlh" not in codes and "sux" not in codes and "chu" not in codes and "cpe" not in codes
    assert len(codes) < 400
    assert 'label="الشائعة في منطقتك التعليمية"' in page  # the groups say what they are
    assert "data-searchable" in page and 'data-search-label="ابحث عن لغة"' in page


def test_the_rest_is_sorted_by_name_in_the_readers_language() -> None:
    with translation.override("es"):
        common, rest = language_picker(("spa",))
    assert common[1][0] == ("spa", "Español")
    assert [code for code, _label in common[1]][:3] == ["spa", "ara", "chi"]  # then the US school list
    labels = [label for _code, label in rest[1]]
    assert labels.index("Zulú") < labels.index("Zuñi")
    with translation.override("vi"):
        vietnamese = [label for _code, label in language_picker()[1][1]]
    assert vietnamese.index("Tiếng Đan Mạch") < vietnamese.index("Tiếng Estonia")  # not after Z
    assert labels.index("Bengalí") < labels.index("Coreano")
    assert not {"Klingon", "Sumerio", "Eslavo eclesiástico"} & set(labels)
    assert not {code for code, _l in common[1]} & {code for code, _l in rest[1]}  # not listed twice
    assert len(common[1]) == 10 and set(US_SCHOOL_LANGUAGES) > {code for code, _l in common[1]}


def test_a_saved_language_that_is_no_longer_offered_stays_chosen(login: Any, world: World) -> None:
    from village.families.models import FamilyProfile

    FamilyProfile.objects.create(household=world.household, district=world.riverbend, preferred_language="grc")
    page = login("amina", language="en").get(reverse("families:profile")).content.decode()
    assert re.search(r'<option value="grc"[^>]*selected', page)
