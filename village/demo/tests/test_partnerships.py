from __future__ import annotations

from typing import Any

import pytest

from village.demo.generator import generate
from village.orgs.models import District
from village.partnerships.analysis import equity, funding_mix
from village.partnerships.models import Agreement, AgreementState, Partnership


@pytest.mark.django_db
def test_the_demo_region_shows_every_partnership_story(django_capture_on_commit_callbacks: Any) -> None:
    generate(students=600)
    assert 35 <= Partnership.objects.count() <= 45
    states = {a.state() for a in Agreement.objects.select_related("active_version")}
    assert {AgreementState.AWAITING, AgreementState.ACTIVE, AgreementState.EXPIRED} <= states
    persona = Agreement.objects.get(
        partnership__members__signer__email="partner@village.test", active_version__isnull=True
    )
    assert persona.versions.get().signatures.get().signer.email == "coordinator@village.test"
    riverbend = District.objects.get(slug="riverbend")
    assert funding_mix(riverbend).over_limit
    assert any(r.flagged for r in equity(riverbend).schools)
