"""The front page, each person's home, and the school page everyone at a school shares."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render

from village.accounts.http import AuthenticatedHttpRequest, PublicHttpRequest
from village.accounts.predicates import memberships
from village.audit.access import trail_for
from village.home import worklist
from village.home.access import access_school_page, access_worklist
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


@login_required
def school_worklist(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One school's worklist, as on its coordinator's home: where a district lead's counts lead."""
    school, scope = access_worklist(request.user, pk)
    return render(request, "home/worklist.html", {"school": school, "wl": worklist.worklists([school], scope)[0]})


@login_required
def worklist_kind(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    """Every item of one kind on a school's worklist, in the worklist's order, fifty a page."""
    school, scope = access_worklist(request.user, pk)
    if kind not in scope.kinds:
        raise Http404
    page = Paginator(worklist.full_list(kind, scope), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "home/worklist_kind.html",
        {
            "school": school,
            "kind": kind,
            "title": worklist.TITLES[kind],
            "explained": worklist.Section(kind, [], page.paginator.count, school).explained,
            "items": worklist.items_of(kind, page.object_list),
            "page": page,
            "educator": scope.educator is not None,
        },
    )
