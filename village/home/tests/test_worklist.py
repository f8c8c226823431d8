"""The worklist on staff's home: what needs them now, in order, bounded, in constant queries."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import World
from village.families.models import Need, Student
from village.families.tests.helpers import make_consent
from village.home import worklist
from village.indicators.tests.matrix import lincoln_review
from village.matching.models import AllocationRun, AllocationStatus
from village.referrals import actions as referral_actions
from village.referrals.models import ConsentRequest, Referral, Status
from village.referrals.tests.helpers import clinic_tutoring, layla_need


def _need(w: World, student: Student | None = None, *, urgency: str = "routine", days_ago: int = 0) -> Need:
    return Need.objects.create(
        district=w.riverbend,
        school=w.lincoln,
        student=student or w.layla,
        category="tutoring",
        source="family",
        urgency=urgency,
        created_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def _referral(w: World, student: Student | None = None, **fields: Any) -> Referral:
    values: dict[str, Any] = {
        "district": w.riverbend,
        "school": w.lincoln,
        "student": student or w.layla,
        "service": clinic_tutoring(w),
        "organization": w.clinic,
        "purpose": "referral",
        "created_by": w.rosa,
        "submission_key": uuid.uuid4().hex,
    }
    values.update(fields)
    return Referral.objects.create(**values)


def _answered(w: World, got_help: bool, comment: str = "", student: Student | None = None) -> Referral:
    referral = _referral(w, student, status=Status.COMPLETED)
    return referral_actions.family_feedback(w.amina, referral, got_help, comment)


def _stalled(w: World, days: int = 30, student: Student | None = None) -> Referral:
    return _referral(w, student, created_at=timezone.now() - datetime.timedelta(days=days))


def _consent_request(w: World, student: Student | None = None) -> ConsentRequest:
    return referral_actions.request_consent(w.rosa, student or w.layla, clinic_tutoring(w), elements=["name"])


def _ready_run(w: World) -> AllocationRun:
    return AllocationRun.objects.create(
        district=w.riverbend, school=w.lincoln, created_by=w.rosa, status=AllocationStatus.READY
    )


def _one_of_each(w: World) -> None:
    layla_need(w)  # Sam serves Layla
    _consent_request(w)
    _answered(w, False, "The bus does not go there on Saturdays.")
    _stalled(w)
    lincoln_review(w)
    _ready_run(w)


def _lincoln(response: Any, role: str = "school_coordinator") -> worklist.SchoolWorklist:
    for s in response.context["sections"]["schools"]:
        if s["membership"].role == role:
            found: worklist.SchoolWorklist = s["worklist"]
            return found
    raise AssertionError("no worklist")


def _section(wl: worklist.SchoolWorklist, kind: str) -> worklist.Section:
    return next(s for s in wl.sections if s.kind == kind)


def test_the_coordinators_home_lists_each_kind_with_a_link_to_act(world: World, login: Any) -> None:
    _one_of_each(world)
    response = login("rosa", language="en").get(reverse("home"))
    body = response.content.decode()
    wl = _lincoln(response)
    assert {s.kind: s.total for s in wl.sections} == {k: 1 for k in worklist.Kind}
    assert "What needs you now at Lincoln Elementary" in body
    for text in ("1 new need", "1 consent request waiting", "1 family answer to read", "1 stalled referral"):
        assert text in body
    assert "1 gap review due" in body and "1 allocation to review" in body
    need = Need.objects.get(student=world.layla, category="tutoring")
    assert reverse("matching:match", kwargs={"pk": need.pk}) in body
    assert "The bus does not go there on Saturdays." in body
    assert reverse("indicators:review", kwargs={"pk": lincoln_review(world).pk}) in body
    assert reverse("matching:allocation", kwargs={"pk": AllocationRun.objects.get().pk}) in body
    # The worklist comes before the school's card.
    assert body.index("What needs you now") < body.index("School team")


def test_new_needs_come_most_urgent_first_then_newest(world: World, login: Any) -> None:
    routine_new = _need(world, days_ago=0)
    urgent_old = _need(world, urgency="urgent", days_ago=20)
    soon = _need(world, urgency="soon", days_ago=5)
    urgent_new = _need(world, urgency="urgent", days_ago=1)
    wl = _lincoln(login("rosa").get(reverse("home")))
    section = _section(wl, "needs")
    assert [i.obj.pk for i in section.items] == [urgent_new.pk, urgent_old.pk, soon.pk]
    assert section.total == 4 and section.more == 1
    full = login("rosa").get(reverse("home:worklist_kind", kwargs={"pk": world.lincoln.pk, "kind": "needs"}))
    assert [i.obj.pk for i in full.context["items"]] == [urgent_new.pk, urgent_old.pk, soon.pk, routine_new.pk]


def test_a_need_with_a_referral_or_a_met_need_is_not_new(world: World, login: Any) -> None:
    referred = _need(world)
    referred.status = "in_progress"
    referred.save()
    met = _need(world)
    met.status = "met"
    met.save()
    fresh = _need(world)
    wl = _lincoln(login("rosa").get(reverse("home")))
    assert [i.obj.pk for i in _section(wl, "needs").items] == [fresh.pk]


def test_a_consent_signed_after_the_request_takes_it_off_the_worklist(world: World, login: Any) -> None:
    make_consent(world, signed_at=timezone.now() - datetime.timedelta(days=400))  # an older consent does not answer it
    request = _consent_request(world)
    wl = _lincoln(login("rosa").get(reverse("home")))
    assert [i.obj.pk for i in _section(wl, "consents").items] == [request.pk]
    make_consent(world)
    wl = _lincoln(login("rosa").get(reverse("home")))
    assert _section(wl, "consents").total == 0


def test_a_consent_request_waiting_long_is_flagged(world: World, login: Any, settings: Any) -> None:
    settings.VILLAGE_STALLED_REFERRAL_DAYS = 7
    request = _consent_request(world)
    ConsentRequest.objects.filter(pk=request.pk).update(requested_at=timezone.now() - datetime.timedelta(days=9))
    body = login("rosa", language="en").get(reverse("home")).content.decode()
    assert "No answer for 9 days" in body


def test_families_who_did_not_get_help_come_first_and_reading_takes_an_answer_off(world: World, login: Any) -> None:
    helped = _answered(world, True, "Thank you")
    not_helped = _answered(world, False, "Nobody called us back")
    client = login("rosa", language="en")
    wl = _lincoln(client.get(reverse("home")))
    assert [i.obj.pk for i in _section(wl, "answers").items] == [not_helped.pk, helped.pk]
    response = client.post(reverse("referrals:read_answer", kwargs={"pk": not_helped.pk}), {"back": "home"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    not_helped.refresh_from_db()
    assert not_helped.family_answer_read_by == world.rosa and not_helped.family_answer_read_at is not None
    wl = _lincoln(client.get(reverse("home")))
    assert [i.obj.pk for i in _section(wl, "answers").items] == [helped.pk]
    # A new answer from the family is unread again.
    referral_actions.family_feedback(world.amina, not_helped, False, "Still nothing")
    wl = _lincoln(client.get(reverse("home")))
    assert not_helped.pk in [i.obj.pk for i in _section(wl, "answers").items]


def test_only_referrals_past_the_stalled_threshold_are_stalled(world: World, login: Any, settings: Any) -> None:
    settings.VILLAGE_STALLED_REFERRAL_DAYS = 7
    _stalled(world, days=3)
    older = _stalled(world, days=20)
    old = _stalled(world, days=8)
    _referral(world, status=Status.ACCEPTED, created_at=timezone.now() - datetime.timedelta(days=30))
    wl = _lincoln(login("rosa").get(reverse("home")))
    section = _section(wl, "stalled")
    assert [i.obj.pk for i in section.items] == [older.pk, old.pk]
    assert section.items[0].waited == 20


def test_an_educator_sees_the_items_of_the_students_he_serves(world: World, login: Any) -> None:
    layla_need(world)  # assigns Layla to Sam
    lucas = Student.objects.get(given_name="Lucas")
    _need(world, lucas)
    _stalled(world, student=lucas)
    _answered(world, False, "Layla's answer")
    _ready_run(world)
    response = login("sam", language="en").get(reverse("home"))
    wl = _lincoln(response, role="educator")
    assert wl.educator
    assert [i.obj.student_id for i in _section(wl, "needs").items] == [world.layla.pk]
    assert _section(wl, "stalled").total == 0
    assert _section(wl, "answers").total == 1
    assert "runs" not in {s.kind for s in wl.sections}
    # Sam cannot open the allocations list, which is the coordinator's.
    url = reverse("home:worklist_kind", kwargs={"pk": world.lincoln.pk, "kind": "runs"})
    assert login("sam").get(url).status_code == 404


def test_the_district_lead_sees_counts_by_school(world: World, login: Any) -> None:
    _one_of_each(world)
    _need(world)
    response = login("dana", language="en").get(reverse("home"))
    body = response.content.decode()
    counts = response.context["sections"]["districts"][0]["worklist"]
    lincoln = next(s for s in counts.schools if s.school == world.lincoln)
    assert lincoln.counts == {"needs": 2, "consents": 1, "answers": 1, "stalled": 1, "reviews": 1, "runs": 1}
    assert counts.quiet == 1  # Washington High
    assert "2 new needs" in body
    assert reverse("home:worklist", kwargs={"pk": world.lincoln.pk}) in body
    assert reverse("home:worklist_kind", kwargs={"pk": world.lincoln.pk, "kind": "answers"}) in body
    school_page = login("dana", language="en").get(reverse("home:worklist", kwargs={"pk": world.lincoln.pk}))
    assert "The bus does not go there on Saturdays." in school_page.content.decode()


def _home_queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["rosa", "dana", "sam"])
def test_the_home_page_costs_the_same_queries_for_few_or_many_items(
    persona: str, world: World, login: Any, django_assert_max_num_queries: Any
) -> None:
    _one_of_each(world)
    client = login(persona)
    few = _home_queries(client)
    for _ in range(worklist.SHOWN * 3):
        _need(world, urgency="urgent")
        _consent_request(world)
        _answered(world, False, "No")
        _stalled(world)
        _ready_run(world)
    client = login(persona)
    many = _home_queries(client)
    assert many == few
    with django_assert_max_num_queries(22):
        client.get(reverse("home"))


def test_the_full_list_paginates_and_refuses_an_unknown_kind(world: World, login: Any) -> None:
    for _ in range(55):
        _need(world)
    client = login("rosa", language="en")
    url = reverse("home:worklist_kind", kwargs={"pk": world.lincoln.pk, "kind": "needs"})
    first = client.get(url)
    assert len(first.context["items"]) == 50
    assert "55 items" in first.content.decode()
    assert len(client.get(url, {"page": 2}).context["items"]) == 5
    assert client.get(reverse("home:worklist_kind", kwargs={"pk": world.lincoln.pk, "kind": "nope"})).status_code == 404


def test_omar_never_sees_lincolns_items(world: World, login: Any) -> None:
    _one_of_each(world)
    body = login("omar", language="en").get(reverse("home")).content.decode()
    assert "The bus does not go there" not in body
    assert "What needs you now at Bayview Elementary" in body
    assert "Nothing waits for you" in body
