"""The district lead's journey, through the pages: set up the indicator framework and a period,
import the schools' figures from a file, compute, read the dashboard, work the gap review it
opens, and find the figures in the public report."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from conftest import World
from tests.browser.journeys.steps import RUNS, Run, open_page, sees, sign_in_staff, t

pytestmark = [pytest.mark.browser, pytest.mark.journey]


def period_label(run: Run) -> str:
    return "الفصل الحالي" if run.arabic else "This term"


def lead_sets_up_the_framework(page: Any, run: Run, world: World) -> None:
    sign_in_staff(page, run, world.dana)
    page.get_by_role("link", name=t(run, "Indicator framework")).first.click()
    sees(page, run)
    page.get_by_role("button", name=t(run, "Add the starter indicators")).click()
    sees(page, run, t(run, "Added %(n)s starter indicators.") % {"n": 11})
    page.get_by_role("link", name=t(run, "Add a period")).click()
    sees(page, run)
    today = timezone.localdate()
    page.locator("input[name=label]").fill(period_label(run))
    page.locator("input[name=starts]").fill((today - datetime.timedelta(days=30)).isoformat())
    page.locator("input[name=ends]").fill((today + datetime.timedelta(days=60)).isoformat())
    page.locator("main form button[type=submit]").first.click()
    sees(page, run, t(run, "Period “%(label)s” added.") % {"label": period_label(run)})


def lead_imports_the_figures(page: Any, run: Run, folder: Path) -> None:
    """Attendance at Lincoln: 95% overall, 80% for English learners (a gap to review)."""
    figures = folder / "figures.csv"
    figures.write_text(
        "indicator,school,period,group,numerator,denominator,students\n"
        f"attendance,Lincoln Elementary,{period_label(run)},,9500,10000,100\n"
        f"attendance,Lincoln Elementary,{period_label(run)},english_learner,1600,2000,20\n",
        encoding="utf-8",
    )
    page.get_by_role("link", name=t(run, "Import values")).click()
    sees(page, run, allowed=CSV_COLUMNS)
    form = page.locator("main form:has(input[name=file])")
    form.locator("input[name=file]").set_input_files(figures)
    assert form.locator("input[name=dry_run]").is_checked()  # a first upload only checks the file
    form.locator("button[type=submit]").click()
    sees(page, run, allowed=CSV_COLUMNS)
    form = page.locator("main form:has(input[name=file])")
    form.locator("input[name=file]").set_input_files(figures)
    form.locator("input[name=dry_run]").uncheck()
    form.locator("button[type=submit]").click()
    sees(page, run, t(run, "Imported %(n)s figures.") % {"n": 2})


# The import page names the file's columns and formats as they are written (Ed-Fi's
# StudentSchoolAttendanceEvent, the SIS), not words to translate.
CSV_COLUMNS = {"CSV", "XLSX", "XML", "SIS", "Ed", "Fi", "Student", "School", "Attendance"}
CSV_COLUMNS |= {"indicator", "school", "period", "group", "numerator", "denominator", "students"}


def lead_computes_and_reads_the_dashboard(page: Any, run: Run, world: World) -> None:
    page.goto(f"/districts/{world.riverbend.slug}/indicators/")
    page.locator("select[name=period]").select_option(label=period_label(run))
    page.get_by_role("button", name=t(run, "Compute now")).click()
    page.wait_for_url("**/dashboard/")
    sees(page, run, "80")
    assert page.get_by_text(t(run, "Attendance")).first.is_visible()


def lead_works_the_review(page: Any, run: Run) -> None:
    page.goto("/")
    page.get_by_role("link", name=t(run, "Gap reviews")).first.click()
    sees(page, run, "Lincoln Elementary")
    page.locator("main table a").first.click()
    sees(page, run, "80")
    page.locator("textarea[name=findings]").fill(
        "يفوت متعلمي الإنجليزية الحافلة الصباحية." if run.arabic else "English learners miss the early bus."
    )
    page.get_by_role("button", name=t(run, "Save"), exact=True).click()
    sees(page, run, t(run, "Review saved."))
    action = "محطة حافلة صباحية ثانية" if run.arabic else "A second morning bus stop"
    page.locator("input[name=text], textarea[name=text]").first.fill(action)
    page.locator("select[name=owner]").select_option(index=1)
    page.locator("input[name=due]").fill((timezone.localdate() + datetime.timedelta(days=14)).isoformat())
    page.get_by_role("button", name=t(run, "Add the action")).click()
    sees(page, run, t(run, "Action added."), action)
    page.get_by_role("button", name=t(run, "Mark done")).click()
    sees(page, run, t(run, "Action marked done."))
    page.get_by_role("button", name=t(run, "Close the review")).click()
    sees(page, run, t(run, "Review closed."))


def visitor_reads_the_public_report(page: Any, run: Run) -> None:
    page.goto("/")
    page.get_by_role("link", name="Riverbend Unified").click()
    sees(page, run, t(run, "Attendance"))


@pytest.mark.parametrize("run", RUNS, ids=str)
def test_the_lead_imports_computes_reviews_and_publishes(
    run: Run, world: World, browser: Any, live_server: Any, transactional_db: Any, tmp_path: Path
) -> None:
    lead = open_page(browser, live_server, run)
    lead_sets_up_the_framework(lead, run, world)
    lead_imports_the_figures(lead, run, tmp_path)
    lead_computes_and_reads_the_dashboard(lead, run, world)
    lead_works_the_review(lead, run)
    visitor_reads_the_public_report(open_page(browser, live_server, run), run)
