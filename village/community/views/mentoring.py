"""The pages of those who run a mentoring program: the school's programs, a program (mentors,
students waiting with suggested mentors, matches and alerts), pairing the whole cohort, a match,
closing it, and the program's figures by student group."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from village.accounts.http import AuthenticatedHttpRequest
from village.accounts.models import User
from village.community.access import (
    access_check_in,
    access_pair,
    access_poster_school,
    access_program,
    program_referral,
    programs_run_at,
)
from village.community.actions import mentoring as actions
from village.community.mentoring import (
    active_load,
    alerts,
    cohort,
    figures,
    reason_lines,
    suggestion_lines,
    suggestions,
    waiting_referrals,
)
from village.community.mentoring_forms import CloseForm, MenteeForm, MentorForm, ProgramForm
from village.community.models import Interest, MeetingTime, MentoringProgram, Volunteer
from village.directory.models import Service, ServiceStatus
from village.events.rules import hosting_organization
from village.lib.forms import errors_to_form
from village.lib.languages import language_name
from village.orgs.models import School


def _services(user: User, school: School) -> QuerySet[Service]:
    """Active mentoring services the program may run through: any in the school's region for its
    staff, their own organization's for a partner."""
    found = Service.objects.filter(status=ServiceStatus.ACTIVE, categories__code="mentoring").select_related(
        "organization"
    )
    organization = hosting_organization(user, school)
    if organization is not None:
        return found.filter(organization=organization).distinct()
    return found.filter(organization__region_id=school.district.region_id).distinct().order_by("organization__name")


@login_required
def school_programs(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school = access_poster_school(request.user, pk)
    programs = programs_run_at(request.user, school)
    return render(
        request,
        "community/mentoring/school.html",
        {"school": school, "programs": programs, "alerts": alerts(programs)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def program_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school = access_poster_school(request.user, pk)
    form = ProgramForm(request.POST or None, services=_services(request.user, school))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            program = actions.create_program(request.user, school, data["service"], fields=data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The program is created. Add its mentors next."))
            return redirect("community:program", pk=program.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "community/mentoring/program_form.html", {"form": form, "school": school}, status=status)


def _labels(codes: list[str], choices: Mapping[str, object]) -> str:
    return ", ".join(str(choices.get(c, c)) for c in codes)


@login_required
def program(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = access_program(request.user, pk)
    mentors = list(found.mentors.select_related("volunteer"))
    load = active_load([m.pk for m in mentors])
    times, interests = dict(MeetingTime.choices), dict(Interest.choices)
    return render(
        request,
        "community/mentoring/program.html",
        {
            "program": found,
            "mentors": [
                {
                    "mentor": m,
                    "load": load[m.pk],
                    "languages": ", ".join(language_name(c) for c in m.languages),
                    "times": _labels(m.times, times),
                    "interests": _labels(m.interests, interests),
                }
                for m in mentors
            ],
            "referrals": waiting_referrals(found),
            "suggested": suggestions(found),
            "pairs": found.pairs.filter(ended_on__isnull=True).select_related(
                "mentor__volunteer", "mentee__referral__student"
            ),
            "alerts": alerts(MentoringProgram.objects.filter(pk=found.pk)),
        },
    )


def _volunteers(program: MentoringProgram) -> QuerySet[Volunteer]:
    """Volunteers of the district not yet mentors here (only the cleared ones will be accepted)."""
    return Volunteer.objects.filter(district_id=program.district_id).exclude(mentoring__program=program)


@login_required
@require_http_methods(["GET", "POST"])
def mentor_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = access_program(request.user, pk)
    form = MentorForm(request.POST or None, volunteers=_volunteers(found))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_mentor(
                request.user,
                found,
                data["volunteer"],
                capacity=data["capacity"],
                languages=data["languages"],
                interests=data["interests"],
                times=data["times"],
                background=data["background"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The mentor is added."))
            return redirect("community:program", pk=found.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "community/mentoring/mentor_form.html", {"form": form, "program": found}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def mentee_add(request: AuthenticatedHttpRequest, pk: int, referral_pk: int) -> HttpResponse:
    found = access_program(request.user, pk)
    referral = program_referral(found, referral_pk)
    form = MenteeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_mentee(
                request.user,
                found,
                referral,
                languages=data["languages"],
                interests=data["interests"],
                times=data["times"],
                background=data["background"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The student joins the cohort and waits for a mentor."))
            return redirect("community:program", pk=found.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "program": found, "referral": referral}
    return render(request, "community/mentoring/mentee_form.html", context, status=status)


def _chosen(values: list[str]) -> list[tuple[int, int]]:
    """ "mentee:mentor" values posted back, as pairs of ids (anything else is left out)."""
    found = []
    for value in values:
        mentee, _sep, mentor = value.partition(":")
        if mentee.isdigit() and mentor.isdigit():
            found.append((int(mentee), int(mentor)))
    return found


@login_required
@require_POST
def pair_one(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Pair one student with one of the mentors suggested for them."""
    found = access_program(request.user, pk)
    try:
        actions.pair(request.user, found, _chosen(request.POST.getlist("pair")[:1]))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The match is made. The mentor sees the student on their page."))
    return redirect("community:program", pk=found.pk)


@login_required
@require_http_methods(["GET", "POST"])
def cohort_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every waiting student paired at once by the exact solver, beside first come; confirming
    makes the ticked pairs (each checked again)."""
    found = access_program(request.user, pk)
    if request.method == "POST":
        try:
            made = actions.pair(request.user, found, _chosen(request.POST.getlist("pair")))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            made_text = ngettext("%(n)s match is made.", "%(n)s matches are made.", len(made))
            messages.success(request, made_text % {"n": len(made)})
            return redirect("community:program", pk=found.pk)
    result = cohort(found)
    rows = [
        {"mentee": result.mentees[key], "mentor": result.mentors[s.mentor], "why": suggestion_lines(s)}
        for key, s in result.pairing.pairs.items()
    ]
    unpaired = [result.mentees[key] for key in result.pairing.unpaired]
    context = {
        "program": found,
        "rows": rows,
        "unpaired": unpaired,
        "fairness": result.rows,
    }
    return render(request, "community/mentoring/cohort.html", context, status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def pair_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A match: its meetings and check-ins, and closing it with a reason."""
    pair = access_pair(request.user, pk)
    form = CloseForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and pair.active and form.is_valid():
        try:
            actions.close_pair(
                request.user, pair, reason=form.cleaned_data["reason"], ended_on=form.cleaned_data["ended_on"]
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The match is closed."))
            return redirect("community:program", pk=pair.program_id)
    context = {
        "pair": pair,
        "form": form,
        "meetings": pair.meetings.all(),
        "check_ins": pair.check_ins.filter(answered_at__isnull=False),
        "why": reason_lines((code, values) for code, values in pair.reasons),
    }
    return render(request, "community/mentoring/pair.html", context, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def read_check_in(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    check_in = access_check_in(request.user, pk)
    actions.read_check_in(request.user, check_in)
    return redirect("community:pair", pk=check_in.pair_id)


@login_required
def figures_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = access_program(request.user, pk)
    return render(request, "community/mentoring/figures.html", {"program": found, "rows": figures(found)})
