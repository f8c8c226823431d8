"""The locust users `bench.load` drives (run by the `locust` command, never imported by Village).

The parent (`bench/load.py`) writes the targets it found in the demo database to a JSON file named
by $VILLAGE_LOAD_TARGETS and picks the phase with $VILLAGE_LOAD_PHASE: one page name (every client
asks for that page only, as the issue's table measured) or "mix" (the persona mix). Every answer is
recorded here, not from locust's own statistics: its name, when it ended, how long it took, whether
it failed and how many SQL queries the server ran for it (the X-Village-Queries header the bench
middleware adds). The records go to $VILLAGE_LOAD_OUT when locust stops.
"""

from __future__ import annotations

import json
import os
import re
import time
from typing import Any

from locust import FastHttpUser, between, constant, events, task

TARGETS: dict[str, Any] = json.loads(open(os.environ["VILLAGE_LOAD_TARGETS"]).read())  # noqa: SIM115
PHASE = os.environ.get("VILLAGE_LOAD_PHASE", "mix")
RECORDS: list[tuple[str, float, float, bool, int]] = []
PASSWORD = TARGETS["password"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.request.add_listener
def _record(name: str, response_time: float, exception: Exception | None, response: Any = None, **_: Any) -> None:
    queries = -1
    if response is not None and getattr(response, "headers", None) is not None:
        queries = int(response.headers.get("X-Village-Queries") or -1)
    RECORDS.append((name, time.time(), response_time, exception is not None, queries))


@events.quitting.add_listener
def _write(**_: Any) -> None:
    with open(os.environ["VILLAGE_LOAD_OUT"], "w") as out:
        json.dump(RECORDS, out)


def sign_in(user: FastHttpUser, email: str) -> None:
    """allauth's form, as a person fills it in: the page (for its CSRF token), then the post. (The
    pages' clients share one session per persona, signed in by the parent: a sign-in is measured on
    its own, by the newcomers of the mix.)"""
    page = user.client.get("/accounts/login/", name="sign-in page")
    token = CSRF.search(page.text or "")
    with user.client.post(
        "/accounts/login/",
        data={"login": email, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1) if token else ""},
        headers={"Referer": user.host + "/accounts/login/"},
        name="sign-in",
        allow_redirects=False,
        catch_response=True,
    ) as response:
        if response.status_code != 302:
            response.failure(f"sign-in answered {response.status_code}")


class Page:
    """One named page: who asks for it and at which address."""

    def __init__(self, name: str, persona: str | None, path: str, language: str = "en") -> None:
        self.name, self.persona, self.path, self.language = name, persona, path, language


PAGES = {
    page.name: page
    for page in [
        Page("floor", None, "/bench/floor/"),
        Page("finder", "family", "/directory/", "ar"),
        Page("finder filtered", "family", "/directory/?need=tutoring&language=ar", "ar"),
        Page("service", "family", f"/directory/services/{TARGETS['service']}/", "ar"),
        Page("family home", "family", "/", "ar"),
        Page("survey", None, f"/s/{TARGETS['survey_token']}/", "es"),
        Page("worklist", "coordinator", f"/schools/{TARGETS['school']}/worklist/"),
        Page("needs", "coordinator", f"/schools/{TARGETS['school']}/needs/"),
        Page("match", "coordinator", f"/needs/{TARGETS['need']}/match/"),
        Page("partner inbox", "partner", "/referrals/inbox/"),
        Page("public report", None, f"/reports/{TARGETS['district']}/", "vi"),
        Page("public report pdf", None, f"/reports/{TARGETS['district']}/report.pdf", "ar"),
        Page("hsds services", None, "/api/hsds/services"),
    ]
}
PERSONAS = {"family": TARGETS["family"], "coordinator": TARGETS["coordinator"], "partner": TARGETS["partner"]}
SESSIONS: dict[str, str] = TARGETS["sessions"]


def fetch(user: FastHttpUser, page: Page) -> None:
    """The page, as its persona (signed in once by the parent: its session cookie), in their language.
    Anything but 200 (a redirect to sign-in included) is an error."""
    headers = {"Accept-Language": page.language}
    if page.persona:
        headers["Cookie"] = f"sessionid={SESSIONS[page.persona]}"
    with user.client.get(
        page.path, name=page.name, headers=headers, allow_redirects=False, catch_response=True
    ) as response:
        if response.status_code != 200:
            response.failure(f"{page.name} answered {response.status_code}")


if PHASE == "mix":

    class Family(FastHttpUser):
        """A family on a phone: the finder (often filtered), a service, home, the school's survey."""

        weight = 5
        wait_time = between(0.5, 1.5)

        @task(4)
        def finder(self) -> None:
            fetch(self, PAGES["finder"])

        @task(3)
        def finder_filtered(self) -> None:
            fetch(self, PAGES["finder filtered"])

        @task(3)
        def service(self) -> None:
            fetch(self, PAGES["service"])

        @task(2)
        def home(self) -> None:
            fetch(self, PAGES["family home"])

        @task(1)
        def survey(self) -> None:
            fetch(self, PAGES["survey"])

    class Coordinator(FastHttpUser):
        weight = 2
        wait_time = between(0.5, 1.5)

        @task(3)
        def worklist(self) -> None:
            fetch(self, PAGES["worklist"])

        @task(2)
        def needs(self) -> None:
            fetch(self, PAGES["needs"])

        @task(2)
        def match(self) -> None:
            fetch(self, PAGES["match"])

    class Partner(FastHttpUser):
        weight = 1
        wait_time = between(0.5, 1.5)

        @task
        def inbox(self) -> None:
            fetch(self, PAGES["partner inbox"])

    class Newcomer(FastHttpUser):
        """Someone signing in while the others work: sign-in's p95 under the mix."""

        weight = 1
        wait_time = between(1, 3)

        @task
        def sign_in_again(self) -> None:
            self.client.cookiejar.clear()
            sign_in(self, PERSONAS["family"])

    class Public(FastHttpUser):
        weight = 2
        wait_time = between(0.5, 1.5)

        @task(4)
        def report(self) -> None:
            fetch(self, PAGES["public report"])

        @task(1)
        def report_pdf(self) -> None:
            fetch(self, PAGES["public report pdf"])

        @task(3)
        def hsds(self) -> None:
            fetch(self, PAGES["hsds services"])

else:
    ONE = PAGES[PHASE]

    class OnePage(FastHttpUser):
        """Every client asks for one page as fast as it is answered (a closed loop, no think time)."""

        wait_time = constant(0)

        @task
        def page(self) -> None:
            fetch(self, ONE)
