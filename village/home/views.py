"""The front page, each person's home, and the school page everyone at a school shares."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from village.accounts.http import AuthenticatedHttpRequest, PublicHttpRequest
from village.accounts.predicates import memberships
from village.audit.access import trail_for
from village.home.access import access_school_page
from village.home.sections import school_page, sections_for, welcome_districts


def home(request: PublicHttpRequest) -> HttpResponse:
    """The front page: a welcome for visitors, and for each role a person holds, what is theirs."""
    if not request.user.is_authenticated:
        return render(request, "home/welcome.html", {"districts": welcome_districts()})
    held = memberships(request.user)
    return render(request, "home/home.html", {"sections": sections_for(request.user, held), "memberships": held})


@login_required
def school_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school = access_school_page(request.user, pk)
    can_see_staff = request.user.has_perm("orgs.view_school_staff", school)
    context: dict[str, object] = {
        "school": school,
        "can_edit": request.user.has_perm("orgs.change_school", school),
        "can_see_staff": can_see_staff,
    }
    if can_see_staff:
        context.update(school_page(school))
        context["trail"] = trail_for(school)
    return render(request, "home/school.html", context)
