"""The demo region's council: rotating co-chairs, bylaws adopted by consent's founding vote,
Amina's proposal decided by consent, in the public log and in "you said, we did"."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from village.governance import queries
from village.governance.models import Council, Decision, Outcome
from village.orgs.models import School

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_council_decides_amina_s_proposal_by_consent_in_public(client: Any) -> None:
    call_command("demo", "--no-progress", "--students", "300", stdout=StringIO())
    council = Council.objects.get(name="Lincoln Family and Community Council")
    bylaws = queries.bylaws_in_force(council)
    assert bylaws is not None and bylaws.voting_method == "consent" and bylaws.adopted_by is not None
    assert len(queries.current_co_chairs(council)) == 2
    emails = set(council.members.values_list("user__email", flat=True))
    assert {"council@village.test", "family@village.test"} <= emails

    decision = Decision.objects.get(proposal__submitted_by__user__email="family@village.test")
    assert decision.method == "consent" and decision.outcome == Outcome.PASSED
    theme = decision.proposal.themes.get()
    log = client.get(reverse("governance:log")).content.decode()
    assert str(decision.proposal) in log
    lincoln = School.objects.get(pk=council.school_id)
    said = client.get(reverse("governance:you_said", kwargs={"pk": lincoln.pk})).content.decode()
    assert str(theme) in said and str(decision.proposal) in said
    # In Arabic, the demo shows text staff translated and text still marked "not yet translated".
    client.cookies["village_language"] = "ar"
    arabic_log = client.get(reverse("governance:log")).content.decode()
    assert decision.proposal.title["ar"] in arabic_log
    assert '<span lang="en" dir="ltr">Adopt the council&#x27;s bylaws</span>' in arabic_log
    assert "tag--untranslated" in arabic_log

    # Resetting deletes the council's work before the people it names, then builds it again.
    call_command("demo", "--no-progress", "--reset", "--students", "300", stdout=StringIO())
    assert Council.objects.filter(name="Lincoln Family and Community Council").count() == 1
    assert Decision.objects.count() == 2
