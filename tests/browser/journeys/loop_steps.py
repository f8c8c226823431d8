"""The steps of the family, coordinator and partner loop (tests/browser/journeys/test_loop.py)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from conftest import World
from tests.browser.journeys.steps import Run, open_page, sees, sign_in_staff, t
from village.directory.models import TaxonomyTerm
from village.families.tests.oneroster import write_oneroster

__all__ = ["open_page"]

# The roster's file and column names, as the standard spells them (not words to translate).
ROSTER_FILES = {"CSV", "csv", "OneRoster", "One", "Roster"}
ROSTER_FILES |= {"zip", "manifest", "orgs", "users", "enrollments", "demographics"}
ROSTER_FILES |= {"enabledUser", "identifier", "parentSourcedId", "username"}
ROSTER_FILES |= {"programs", "roles", "sourcedId", "status", "dateLastModified", "primary", "beginDate", "endDate"}


def lead_syncs_the_roster(page: Any, run: Run, world: World, folder: Path) -> None:
    """Dana uploads the district's OneRoster zip, with Layla's guardian, from the roster page."""
    from village.families.models import Student

    sign_in_staff(page, run, world.dana)
    files = write_oneroster(
        folder / "roster", Student.objects.filter(district=world.riverbend), schools=[world.lincoln]
    )
    archive = folder / "roster.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in files.iterdir():
            z.write(f, f.name)
    page.goto(f"/districts/{world.riverbend.slug}/")
    page.get_by_role("link", name=t(run, "Roster sync")).first.click()
    sees(page, run, allowed=ROSTER_FILES)
    page.locator("input[name=file]").set_input_files(archive)
    page.locator("input[name=apply_valid]").check()
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/roster-syncs/\d+/"))
    sees(page, run, t(run, "Applied"), allowed=ROSTER_FILES)


def lead_places_the_school(page: Any, run: Run, world: World) -> None:
    """Dana gives Lincoln its place on the map, so services can be matched by distance."""
    page.goto(f"/schools/{world.lincoln.pk}/")
    page.get_by_role("link", name=t(run, "Edit school details")).first.click()
    page.locator("input[name=latitude]").fill("41.88")
    page.locator("input[name=longitude]").fill("-87.63")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(rf"/schools/{world.lincoln.pk}/$"))
    sees(page, run)


def partner_lists_a_service(page: Any, run: Run, world: World) -> None:
    """Mai adds a place near Lincoln and a free homework club there, taught in Arabic."""
    sign_in_staff(page, run, world.mai)
    page.goto(f"/directory/organizations/{world.clinic.pk}/")
    sees(page, run)
    page.get_by_role("link", name=t(run, "Add a place")).click()
    sees(page, run)
    page.locator("input[name=name]").fill("Northside Clinic")
    page.locator("input[name=address_1]").fill("12 Main St")
    page.locator("input[name=latitude]").fill("41.885")
    page.locator("input[name=longitude]").fill("-87.63")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/directory/organizations/\d+/$"))
    sees(page, run, "Northside Clinic")
    page.get_by_role("link", name=t(run, "Add a service")).click()
    sees(page, run, allowed={"ISO", "es", "ar", "vi"})  # the example of language codes
    page.locator("input[name=name_text]").fill(service_name(run))
    page.locator("input[name=languages_text]").fill("ar, en")
    tutoring = TaxonomyTerm.objects.get(code="tutoring")
    page.locator(f"input[name=categories][value='{tutoring.pk}']").check()
    page.locator("input[name=locations]").first.check()
    page.locator("input[name=seats_total]").fill("10")
    page.locator("input[name=seats_available]").fill("2")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/hours/$"))
    sees(page, run, t(run, "The service was added to the directory."))
    page.locator("select[name$='-0-weekday']").select_option("1")
    page.locator("input[name$='-0-opens_at']").fill("17:00")
    page.locator("input[name$='-0-closes_at']").fill("19:00")
    page.locator("main form button[type=submit]").first.click()
    sees(page, run, t(run, "The opening hours were saved."), service_name(run))


def typed(run: Run, english: str, arabic: str) -> str:
    """What a person types, in the run's language."""
    return arabic if run.arabic else english


def service_name(run: Run) -> str:
    return "نادي الواجبات في العيادة" if run.arabic else "Clinic homework club"


def coordinator_invites_the_family(page: Any, run: Run, world: World) -> str:
    """Rosa finds the Hassan family among Lincoln's families and emails its guardian an invitation;
    returns the link the family receives."""
    from village.messaging.models import Delivery

    sign_in_staff(page, run, world.rosa)
    page.goto(f"/schools/{world.lincoln.pk}/families/?show=all")
    sees(page, run, "Hassan")
    page.get_by_role("link", name=t(run, "Accounts and invitations")).first.click()
    sees(page, run, "Parent Hassan")
    # The roster says the family reads Arabic; the English run sends the invitation in English.
    page.locator("form.invite-form select[name=language]").first.select_option(run.language)
    page.locator("button[name=channel][value=email]").first.click()
    sees(page, run, t(run, "An invitation was emailed to %(name)s.") % {"name": "Parent Hassan"})
    mail = Delivery.objects.get(outbox__kind="families.invitation")
    assert mail.language == run.language
    link = re.search(r"https?://\S+/claim/\S+/", mail.body)
    assert link is not None, mail.body
    return link.group(0)


def family_claims_the_account(page: Any, run: Run, link: str) -> None:
    """The guardian opens the emailed link on their phone, asks for a code and types it."""
    from village.messaging.models import Delivery

    page.goto(link)
    sees(page, run)
    page.get_by_role("button", name=t(run, "Email me a code")).click()
    page.wait_for_load_state()
    mail = Delivery.objects.get(outbox__kind="families.invitation.code")
    code = re.search(r"\b(\d{6})\b", mail.body)
    assert code is not None
    sees(page, run)
    page.locator("input[name=proof]").fill(code.group(1))
    page.locator("input[name=proof]").press("Enter")
    page.wait_for_url(re.compile(r"/$"))
    sees(page, run, "Layla Hassan")


def family_edits_the_profile(page: Any, run: Run) -> None:
    """From home to the family profile: the family walks, and is free on Tuesday evenings."""
    page.get_by_role("link", name=t(run, "Family profile: language, contact, times and travel")).click()
    sees(page, run, t(run, "Your household"))
    page.locator("input[name=travel_modes][value=walking]").check()
    page.locator("select[name$='-0-weekday']").select_option("1")
    page.locator("input[name$='-0-starts']").fill("16:00")
    page.locator("input[name$='-0-ends']").fill("20:00")
    page.get_by_role("button", name=t(run, "Save the profile")).click()
    sees(page, run, t(run, "Your family profile was saved."))
    assert page.locator("input[name=travel_modes][value=walking]").is_checked()
    assert page.locator("input[name$='-0-starts']").input_value() == "16:00"


def family_asks_for_help(page: Any, run: Run, world: World) -> None:
    """From home to Layla's plan: the family adds a need for homework help."""
    page.goto("/")
    page.get_by_role("link", name=t(run, "Plan and needs")).first.click()
    sees(page, run, "Layla Hassan")
    page.get_by_role("link", name=t(run, "Add a need")).click()
    sees(page, run)
    page.locator("select[name=category]").select_option("tutoring")
    page.locator("textarea[name=description]").fill(
        typed(run, "Help with homework, please", "نرجو المساعدة في الواجبات")
    )
    page.locator("main form button[type=submit]").first.click()
    sees(page, run, t(run, "The need was added to the plan."))


def coordinator_matches_and_asks_consent(page: Any, run: Run, world: World) -> None:
    """Rosa's home lists the new need; she finds the clinic's club and asks the family for consent."""
    page.goto("/")
    sees(page, run, t(run, "New needs not yet matched or referred"), "Layla Hassan")
    page.get_by_role("link", name=t(run, "Find services that fit")).first.click()
    sees(page, run, service_name(run))
    page.locator("main a.button[href*='/refer/']").first.click()
    sees(page, run, t(run, "Refer %(name)s") % {"name": "Layla"})
    page.get_by_role("button", name=t(run, "Send the referral")).click()
    sees(page, run, t(run, "The family's consent is needed first"))
    page.get_by_label(t(run, "Send the referral at once")).check()
    page.get_by_role("button", name=t(run, "Ask the family for consent")).click()
    sees(page, run, t(run, "The family was asked for consent, in its language. Nothing is shared until they agree."))


def family_signs_the_consent(page: Any, run: Run) -> None:
    """The family's home shows the school's request; they read it, keep what is asked and sign."""
    page.goto("/")
    sees(page, run, t(run, "Requests waiting for your answer"))
    assert page.get_by_role("link", name=t(run, "Read and answer")).count() == 1  # asked once, not twice
    page.get_by_role("link", name=t(run, "Read and answer")).first.click()
    sees(page, run, "Northside Family Health Clinic")
    assert page.locator("input[name=elements]:checked").count() >= 1  # what the school asked, already ticked
    page.locator("input[name=confirm]").check()
    page.get_by_role("button", name=t(run, "Sign and give consent")).click()
    sees(
        page,
        run,
        t(run, "Thank you. Your consent is saved and the school is told. You can withdraw it here at any time."),
    )


def partner_works_the_referral(page: Any, run: Run) -> None:
    """Mai's inbox has the referral: she accepts it, adds a note, starts and completes the service."""
    page.goto("/referrals/inbox/")
    sees(page, run, service_name(run))
    page.get_by_role("link", name=service_name(run)).first.click()
    sees(page, run, "Layla")
    for step in ("accepted", "in_service"):
        page.locator(f"form[action$='/move/{step}/'] button").click()
        sees(page, run)
    page.locator("textarea[name=text], textarea[name=body]").first.fill(
        typed(run, "Layla comes on Tuesdays", "تأتي ليلى أيام الثلاثاء")
    )
    page.get_by_role("button", name=t(run, "Add the note")).click()
    sees(page, run, t(run, "The note was added."))
    page.locator("form[action$='/move/completed/'] button").click()
    status = t(run, "Completed")
    sees(page, run, t(run, "The referral is now “%(status)s”.") % {"status": status})


def family_says_it_got_help(page: Any, run: Run) -> None:
    """The family opens the referral from Layla's page and says she got the help."""
    page.goto("/")
    page.get_by_role("link", name=t(run, "Plan and needs")).first.click()
    page.get_by_role("link", name=t(run, "Referrals")).first.click()
    sees(page, run, service_name(run))
    page.get_by_role("link", name=service_name(run)).first.click()
    sees(page, run, t(run, "Did you get the help?"))
    page.locator("input[name=got_help][value=yes]").check()
    page.locator("textarea[name=comment]").fill(typed(run, "The club helped a lot", "ساعدنا النادي كثيرًا"))
    page.get_by_role("button", name=t(run, "Send"), exact=True).click()
    sees(page, run, t(run, "Thank you. The school will read what you said."))


def coordinator_reads_the_answer(page: Any, run: Run) -> None:
    """Rosa's home shows the family's answer."""
    page.goto("/")
    sees(page, run, t(run, "Got the help"), typed(run, "The club helped a lot", "ساعدنا النادي كثيرًا"))


def coordinator_runs_an_allocation(page: Any, run: Run) -> None:
    """Rosa shares the club's seats among Lincoln's open tutoring needs: Layla's need, whose
    consent she has asked for, is placed; she approves, and the family is not asked twice."""
    page.goto("/")
    page.get_by_role("link", name=t(run, "Share program seats fairly")).first.click()
    sees(page, run)
    page.locator("input[name=services]").first.check()
    page.locator("input[name=categories][value=tutoring]").check()
    page.get_by_role("button", name=t(run, "Run the allocation")).click()
    page.wait_for_url(re.compile(r"/allocations/\d+/$"))
    sees(page, run, "Layla Hassan", t(run, "Review the placements below, then approve them."))
    page.get_by_role("button", name=t(run, "Approve and send the referrals")).click()
    sees(page, run)
