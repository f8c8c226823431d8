"""Families with guardians from the roster and no account yet, for the family-accounts tests.

- The Ruiz family: Mateo (grade 2, Lincoln); Sofía Ruiz reads Spanish and has an email address,
  Luis Ruiz has only a phone number.
- The Haddad family: Yusuf (grade 4, Lincoln); Khadija Haddad reads Arabic and has an email address.
- The Tran family: Bao (grade 1, Lincoln); Hoa Tran reads Vietnamese, with neither email nor phone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conftest import World


@dataclass
class Families:
    ruiz: Any
    mateo: Any
    sofia: Any
    luis: Any
    haddad: Any
    yusuf: Any
    khadija: Any
    tran: Any
    bao: Any
    hoa: Any


def families(w: World) -> Families:
    from village.families.models import Guardian, Household, Student

    def household(name: str, language: str, child: str, grade: int, local_id: str) -> tuple[Any, Any]:
        home = Household.objects.create(district=w.riverbend, name=name, home_language=language, sourced_id=f"g-{name}")
        student = Student.objects.create(
            district=w.riverbend,
            school=w.lincoln,
            household=home,
            local_id=local_id,
            given_name=child,
            family_name=name,
            grade=grade,
        )
        return home, student

    def guardian(home: Any, given: str, **fields: Any) -> Any:
        return Guardian.objects.create(
            district=w.riverbend,
            household=home,
            sourced_id=f"g-{given}",
            given_name=given,
            family_name=home.name,
            relationship="parent",
            **fields,
        )

    ruiz, mateo = household("Ruiz", "es", "Mateo", 2, "RB-10")
    haddad, yusuf = household("Haddad", "ar", "Yusuf", 4, "RB-11")
    tran, bao = household("Tran", "vi", "Bao", 1, "RB-12")
    return Families(
        ruiz=ruiz,
        mateo=mateo,
        sofia=guardian(ruiz, "Sofía", email="sofia@example.org", language="spa"),
        luis=guardian(ruiz, "Luis", phone="+1 555 0101", sms="+1 555 0101", language="spa"),
        haddad=haddad,
        yusuf=yusuf,
        khadija=guardian(haddad, "Khadija", email="Khadija@Example.org", language="ara"),
        tran=tran,
        bao=bao,
        hoa=guardian(tran, "Hoa", language="vie"),
    )
