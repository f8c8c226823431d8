"""A council decides, through its pages: the coordinator sets up Lincoln's council and drafts its
bylaws, a council member proposes to adopt them, the coordinator opens voting, both members vote,
the coordinator closes the vote, and anyone reads the decision in the public log."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from conftest import World
from tests.browser.journeys.steps import RUNS, Run, open_page, sees, sign_in, sign_in_staff, t

pytestmark = [pytest.mark.browser, pytest.mark.journey]


def council_name(run: Run) -> str:
    return "مجلس مجتمع مدرسة لينكولن" if run.arabic else "Lincoln Community Council"


def proposal_title(run: Run) -> str:
    return "اعتماد النظام الداخلي للمجلس" if run.arabic else "Adopt the council's bylaws"


def local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def coordinator_sets_up_the_council(page: Any, run: Run, world: World) -> None:
    sign_in_staff(page, run, world.rosa)
    page.get_by_role("link", name=t(run, "Councils"), exact=True).first.click()
    sees(page, run)
    page.locator("input[name=name]").fill(council_name(run))
    page.locator("main form button[type=submit]").first.click()
    sees(page, run, t(run, "The council was created. Add its members and draft its bylaws."))
    for email, seat in ((world.grace.email, "community"), (world.amina.email, "family")):
        page.get_by_role("link", name=t(run, "Seat a member")).click()
        sees(page, run)
        page.locator("input[name=email]").fill(email)
        page.locator("select[name=seat_type]").select_option(seat)
        page.locator("input[name=term_start]").fill("2025-09-01")
        page.locator("main form button[type=submit]").first.click()
        sees(page, run, t(run, "The member was seated."))
    page.get_by_role("link", name=t(run, "Draft a new version")).click()
    sees(page, run)
    page.locator("textarea[name=text]").fill("نجتمع كل شهر." if run.arabic else "We meet every month.")
    page.locator("input[name=voting_method][value=majority]").check()
    page.locator("input[name=quorum_fraction]").fill("0.5")
    page.locator("input[name=rotation_seats][value=family]").check()
    page.locator("input[name=rotation_start]").fill("2025-09-01")
    page.locator("main form button[type=submit]").first.click()
    sees(
        page,
        run,
        t(run, "The draft is saved. It comes into force when the council adopts it by a decision."),
    )


def member_proposes(page: Any, run: Run, world: World) -> None:
    sign_in(page, run, world.grace)
    page.get_by_role("link", name=t(run, "Your councils")).first.click()
    page.get_by_role("link", name=council_name(run)).first.click()
    sees(page, run)
    page.get_by_role("link", name=t(run, "Submit a proposal")).click()
    sees(page, run)
    page.locator("input[name=title]").fill(proposal_title(run))
    words = "نعتمد النظام الداخلي." if run.arabic else "Adopt the bylaws."
    for name in ("what", "why", "equity_goal"):
        page.locator(f"textarea[name={name}], input[name={name}]").first.fill(words)
    page.locator("input[name=timeline]").fill("الآن" if run.arabic else "Now")
    page.locator("input[name=responsible]").fill("Grace Liu")
    page.locator("select[name=bylaws]").select_option(index=1)
    page.locator("main form button[type=submit]").first.click()
    sees(page, run, t(run, "Your proposal is submitted. Members can now discuss it."), proposal_title(run))


def coordinator_opens_voting(page: Any, run: Run, proposal_url: str) -> None:
    page.goto(proposal_url)
    now = timezone.now()
    page.locator("input[name=opens_at]").fill(local(now - datetime.timedelta(minutes=5)))
    page.locator("input[name=closes_at]").fill(local(now + datetime.timedelta(days=7)))
    page.get_by_role("button", name=t(run, "Open voting")).click()
    sees(page, run, t(run, "Voting is open. Members are voting now."))


def member_votes(page: Any, run: Run, proposal_url: str) -> None:
    page.goto(proposal_url)
    page.locator("input[name=choice][value=for]").check()
    page.get_by_role("button", name=t(run, "Cast my vote")).click()
    sees(page, run, t(run, "Your vote is recorded."))


@pytest.mark.parametrize("run", RUNS, ids=str)
def test_a_council_proposes_votes_decides_and_publishes(
    run: Run, world: World, browser: Any, live_server: Any, transactional_db: Any
) -> None:
    coordinator = open_page(browser, live_server, run)
    coordinator_sets_up_the_council(coordinator, run, world)
    grace = open_page(browser, live_server, run)
    member_proposes(grace, run, world)
    proposal_url = grace.url
    coordinator_opens_voting(coordinator, run, proposal_url)
    member_votes(grace, run, proposal_url)
    amina = open_page(browser, live_server, run)
    sign_in(amina, run, world.amina)
    member_votes(amina, run, proposal_url)

    coordinator.goto(proposal_url)
    coordinator.get_by_role("button", name=t(run, "Close the vote and record the decision")).click()
    sees(coordinator, run, t(run, "The decision is recorded and published in the decision log."), proposal_title(run))

    visitor = open_page(browser, live_server, run)
    visitor.goto("/")
    visitor.get_by_role("link", name="Riverbend Unified").click()  # the district's public report
    sees(visitor, run, proposal_title(run))
    visitor.get_by_role("link", name=proposal_title(run)).click()
    sees(visitor, run, proposal_title(run))
    visitor.get_by_role("link", name=t(run, "Public decision log")).click()
    sees(visitor, run, proposal_title(run))
