"""Councils: starting them, seating members, bylaws, rotation and representation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from village.accounts.http import AuthenticatedHttpRequest
from village.accounts.models import Role
from village.accounts.predicates import district_ids, school_ids
from village.governance import actions, queries, representation, rotation
from village.governance.access import (
    access_bylaws,
    access_council,
    access_district,
    access_member,
    access_school,
)
from village.governance.forms import (
    BylawsForm,
    CouncilForm,
    MemberForm,
)
from village.governance.models import (
    Council,
    CouncilMember,
)
from village.governance.rules import seat
from village.governance.views import attach_errors
from village.orgs.models import District, School


@login_required
def my_councils(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Councils the person serves on today, and those they run."""
    today = timezone.localdate()
    user = request.user
    seats = CouncilMember.objects.serving_on(today).filter(user_id=user.pk)
    led = district_ids(user, Role.DISTRICT_LEAD)
    coordinated = school_ids(user, Role.SCHOOL_COORDINATOR)
    councils = (
        Council.objects.filter(Q(members__in=seats) | Q(district_id__in=led) | Q(school_id__in=coordinated))
        .select_related("school")
        .distinct()
    )
    schools = School.objects.filter(Q(district_id__in=led) | Q(pk__in=coordinated)).order_by("name")
    districts = District.objects.filter(pk__in=led).order_by("name")
    return render(
        request,
        "governance/my_councils.html",
        {"councils": councils.order_by("name"), "schools": schools, "districts": districts},
    )


@login_required
@require_http_methods(["GET", "POST"])
def school_councils(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school = access_school(request.user, pk)
    form = CouncilForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        council = actions.create_council(
            request.user,
            district=school.district,
            school=school,
            kind=form.cleaned_data["kind"],
            name=form.cleaned_data["name"],
        )
        messages.success(request, _("The council was created. Add its members and draft its bylaws."))
        return redirect(council)
    councils = Council.objects.filter(school=school)
    return render(request, "governance/school_councils.html", {"school": school, "councils": councils, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def district_councils(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """District-wide councils (no school), run by the district's leads."""
    district = access_district(request.user, slug)
    form = CouncilForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        council = actions.create_council(
            request.user, district=district, school=None, kind=form.cleaned_data["kind"], name=form.cleaned_data["name"]
        )
        messages.success(request, _("The council was created. Add its members and draft its bylaws."))
        return redirect(council)
    councils = Council.objects.filter(district=district, school__isnull=True)
    return render(
        request, "governance/district_councils.html", {"district": district, "councils": councils, "form": form}
    )


@login_required
def council_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    council = access_council(request.user, pk)
    today = timezone.localdate()
    everyone = queries.members(council)
    bylaws = queries.bylaws_in_force(council)
    terms = rotation.schedule(bylaws, everyone, today) if bylaws else []
    return render(
        request,
        "governance/council.html",
        {
            "council": council,
            "serving": [m for m in everyone if m.serves_on(today)],
            "past": [m for m in everyone if not m.serves_on(today)],
            "bylaws": bylaws,
            "versions": council.bylaws.all(),
            "terms": terms,
            "co_chairs": terms[0].chairs if terms else [],
            "meetings": council.meetings.all()[:20],
            "proposals": council.proposals.select_related("decision"),
            "can_run": request.user.has_perm("governance.run_council", council),
            "can_propose": seat(request.user, council) is not None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    council = access_council(request.user, pk, "governance.run_council")
    form = MemberForm(request.POST or None, region_id=council.district.region_id)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_member(request.user, council, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The member was seated."))
            return redirect(council)
    return render(request, "governance/member_add.html", {"council": council, "form": form})


@login_required
@require_POST
def member_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    member = access_member(request.user, pk)
    try:
        actions.end_term(request.user, member)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The term has ended. The seat stays on record."))
    return redirect(member.council)


@login_required
@require_http_methods(["GET", "POST"])
def bylaws_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    council = access_council(request.user, pk, "governance.run_council")
    current = queries.bylaws_in_force(council)
    initial: dict[str, object] = {"rotation_start": timezone.localdate()}
    if current is not None:
        initial.update(
            text=current.text,
            voting_method=current.voting_method,
            quorum_fraction=current.quorum_fraction,
            quorum_count=current.quorum_count,
            rotation_months=current.rotation_months,
            rotation_seats=current.rotation_seats,
            rotation_start=current.rotation_start,
        )
    form = BylawsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            bylaws = actions.draft_bylaws(request.user, council, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request, _("The draft is saved. It comes into force when the council adopts it by a decision.")
            )
            return redirect("governance:bylaws", pk=bylaws.pk)
    return render(request, "governance/bylaws_new.html", {"council": council, "form": form})


@login_required
def bylaws_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    bylaws = access_bylaws(request.user, pk)
    return render(request, "governance/bylaws.html", {"bylaws": bylaws, "council": bylaws.council})


@login_required
def representation_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    council = access_council(request.user, pk)
    serving = queries.serving(council)
    report = representation.compare(council, serving)
    # Whether a member's child is in a group rests on student records: only staff who run the
    # council see it, not the other members.
    show_groups = request.user.has_perm("governance.run_council", council)
    return render(
        request,
        "governance/representation.html",
        {
            "council": council,
            "report": report,
            "flags": report.flags(with_groups=show_groups),
            "show_groups": show_groups,
            "language_floor": round(representation.LANGUAGE_FLOOR * 100),
            "group_floor": round(representation.GROUP_FLOOR * 100),
        },
    )
