"""The whole loop, as the "Done when" walk: the district lead syncs a roster with guardians, the
partner lists a service, the coordinator invites the family, the family claims its account on a
phone, edits its profile and asks for help, the coordinator matches and asks consent, the family
signs, the partner accepts, notes and completes, and the family says it got help. Each person has
their own browser; nothing is written to the database between steps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import World
from tests.browser.journeys import loop_steps as steps
from tests.browser.journeys.steps import RUNS, Run

pytestmark = [pytest.mark.browser, pytest.mark.journey]


@pytest.mark.parametrize("run", RUNS, ids=str)
def test_family_coordinator_partner_loop(
    run: Run, world: World, browser: Any, live_server: Any, transactional_db: Any, settings: Any, tmp_path: Path
) -> None:
    from village.directory.actions import ensure_default_taxonomy

    settings.VILLAGE_SITE_URL = live_server.url
    ensure_default_taxonomy()  # what the install's migration creates (a flushed test database lost it)
    lead = steps.open_page(browser, live_server, run)
    steps.lead_syncs_the_roster(lead, run, world, tmp_path)
    steps.lead_places_the_school(lead, run, world)
    partner = steps.open_page(browser, live_server, run)
    steps.partner_lists_a_service(partner, run, world)
    coordinator = steps.open_page(browser, live_server, run)
    link = steps.coordinator_invites_the_family(coordinator, run, world)
    family = steps.open_page(browser, live_server, run)
    steps.family_claims_the_account(family, run, link)
    steps.family_edits_the_profile(family, run)
    steps.family_asks_for_help(family, run, world)
    steps.coordinator_matches_and_asks_consent(coordinator, run, world)
    steps.coordinator_runs_an_allocation(coordinator, run)
    steps.family_signs_the_consent(family, run)
    steps.partner_works_the_referral(partner, run)
    steps.family_says_it_got_help(family, run)
    steps.coordinator_reads_the_answer(coordinator, run)
