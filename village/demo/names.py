"""Realistic names for the demo's families and staff, by culture (home language), from a fixed seed."""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import cache

from faker import Faker

# Faker has no Somali (so) or Haitian Creole (ht) locale, so those households draw on these
# short lists of common names. Somali "family names" are in fact a father's or grandfather's
# given name, which is how they are usually recorded in US school systems.
# fmt: off
SOMALI_MALE = (
    "Abdirahman", "Abdullahi", "Mohamed", "Ahmed", "Hassan", "Abdi", "Farah", "Omar", "Yusuf", "Liban", "Mukhtar",
    "Bashir", "Said",
)
SOMALI_FEMALE = (
    "Hodan", "Fadumo", "Amina", "Sahra", "Hibaaq", "Ifrah", "Asha", "Nimco", "Ayaan", "Ubah", "Khadra", "Sagal", "Hawa",
)
SOMALI_FAMILY = (
    "Mohamed", "Ahmed", "Ali", "Hassan", "Abdi", "Farah", "Warsame", "Jama", "Osman", "Yusuf", "Hersi", "Elmi", "Dahir",
    "Nur", "Aden", "Mohamud",
)
HAITIAN_MALE = (
    "Jean", "Pierre", "Wesley", "Kervens", "Peterson", "Jameson", "Stanley", "Ricardo", "Emmanuel", "Wilner",
    "Jonathan", "Fritz", "Widmarc",
)
HAITIAN_FEMALE = (
    "Marie", "Nadège", "Roselyne", "Guerline", "Mirlande", "Stéphanie", "Widline", "Judith", "Daphnée", "Fabienne",
    "Nathalie", "Christelle", "Lovely",
)
HAITIAN_FAMILY = (
    "Jean-Baptiste", "Pierre", "Joseph", "Louis", "Charles", "Desir", "Saint-Louis", "Alexis", "Jean-Louis", "Etienne",
    "Paul", "Augustin", "Célestin", "Dorvil", "Exantus", "Toussaint",
)
# Arabic-speaking households: US school systems record names in Latin script, and Faker's
# ar_AA / ar_SA locales only produce Arabic script, so these are common romanized names.
ARABIC_MALE = (
    "Omar", "Yusuf", "Ahmed", "Mohammed", "Ali", "Hassan", "Khalid", "Karim", "Adam", "Ibrahim", "Zaid", "Tariq",
    "Samir", "Bilal", "Hamza", "Mustafa", "Rami", "Nabil",
)
ARABIC_FEMALE = (
    "Fatima", "Layla", "Mariam", "Noor", "Amira", "Yasmin", "Huda", "Rania", "Salma", "Zainab", "Aisha", "Lina", "Hana",
    "Dina", "Sara", "Reem",
)
ARABIC_FAMILY = (
    "Haddad", "Khoury", "Mansour", "Saleh", "Hussein", "Abdullah", "Nasser", "Ibrahim", "Qasim", "Darwish", "Hamdan",
    "Yousef", "Aziz", "Suleiman", "Farah", "Khalil", "Awad", "Jaber", "Najjar", "Shami", "Al-Masri", "Hassan",
)
# fmt: on

# Name cultures: home languages, plus "in" (South Asian, from Faker's en_IN) for English-speaking Asian families.
FAKER_LOCALES = {"en": "en_US", "es": "es_MX", "vi": "vi_VN", "zh": "zh_CN", "in": "en_IN"}
HARDCODED = {
    "so": (SOMALI_MALE, SOMALI_FEMALE, SOMALI_FAMILY),
    "ht": (HAITIAN_MALE, HAITIAN_FEMALE, HAITIAN_FAMILY),
    "ar": (ARABIC_MALE, ARABIC_FEMALE, ARABIC_FAMILY),
}
_POOL_SIZE = 600


@cache
def _name_pools(seed: int) -> dict[tuple[str, str], tuple[str, ...]]:
    """Pools of names per culture and kind ("m", "f", "family"), drawn from seeded Faker instances.

    Drawing pools once keeps Faker's name frequencies and is far faster than calling Faker
    for each of 50,000 students; the pools depend only on the seed, so they are cached.
    """
    Faker.seed(seed)
    pools: dict[tuple[str, str], tuple[str, ...]] = {}
    for i, (culture, locale) in enumerate(FAKER_LOCALES.items()):
        fake = Faker(locale)
        fake.seed_instance(seed + i)
        if culture == "zh":
            # Chinese names as US records hold them: in pinyin (zh_CN's romanized names).
            male: Callable[[], str] = fake.first_romanized_name
            female: Callable[[], str] = fake.first_romanized_name
            family: Callable[[], str] = fake.last_romanized_name
        else:
            male, female, family = fake.first_name_male, fake.first_name_female, fake.last_name
        pools[culture, "m"] = tuple(male() for _ in range(_POOL_SIZE))
        pools[culture, "f"] = tuple(female() for _ in range(_POOL_SIZE))
        pools[culture, "family"] = tuple(family() for _ in range(_POOL_SIZE))
    for culture, (m, f, fam) in HARDCODED.items():
        pools[culture, "m"], pools[culture, "f"], pools[culture, "family"] = m, f, fam
    return pools


class NameBank:
    """Realistic names for a culture, sampled from the pools with the generator's own rng."""

    def __init__(self, seed: int, rng: random.Random) -> None:
        self.rng = rng
        self.pools = _name_pools(seed)

    def given(self, culture: str) -> str:
        return self.rng.choice(self.pools[culture, self.rng.choice(("m", "f"))])

    def family(self, culture: str) -> str:
        return self.rng.choice(self.pools[culture, "family"])
