"""Letters to print, for a school's staff: the messages waiting on paper for its families, one
PDF of them, "mark printed", and sending by email instead the letters of families who now accept it.

The page lists the letters it offers and the PDF and the buttons carry those letters' ids, so a
letter queued after the page was read is neither printed unseen nor marked printed unprinted."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from village.accounts.http import AuthenticatedHttpRequest
from village.families.access import access_school_for
from village.families.paper import Letter, letters_for, letters_pdf
from village.messaging.actions.letters import mark_printed, send_letters_by_email

PERM = "families.print_letters"


def _chosen(letters: list[Letter], raw: list[str]) -> list[Letter]:
    """The listed letters whose ids were sent (all of them when none were)."""
    ids = {int(x) for x in raw if x.isdigit()}
    return [letter for letter in letters if letter.delivery.pk in ids] if raw else letters


@login_required
def letters(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school = access_school_for(request.user, pk, PERM)
    to_print, now_other = letters_for(school)
    return render(
        request,
        "families/letters.html",
        {
            "school": school,
            "to_print": to_print,
            "now_other": now_other,
            "ids": ",".join(str(letter.delivery.pk) for letter in to_print),
        },
    )


@login_required
def letters_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The PDF of the letters listed (`ids`, as the page offered them), or of all waiting."""
    school = access_school_for(request.user, pk, PERM)
    to_print, _other = letters_for(school)
    chosen = _chosen(to_print, [x for x in request.GET.get("ids", "").split(",") if x])
    if not chosen:
        raise Http404
    response = HttpResponse(letters_pdf(school, chosen), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="letters-{school.pk}.pdf"'
    return response


@login_required
@require_POST
def letters_printed(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school = access_school_for(request.user, pk, PERM)
    to_print, _other = letters_for(school)
    chosen = _chosen(to_print, request.POST.getlist("letter"))
    if not request.POST.getlist("letter") or not chosen:
        messages.error(request, _("There were no letters to mark printed: the list has changed. Check it again."))
        return redirect("families:letters", pk=school.pk)
    count = mark_printed(request.user, [letter.delivery for letter in chosen], district_id=school.district_id)
    done = ngettext("%(count)s letter marked printed.", "%(count)s letters marked printed.", count)
    messages.success(request, done % {"count": count})
    return redirect("families:letters", pk=school.pk)


@login_required
@require_POST
def letters_by_email(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school = access_school_for(request.user, pk, PERM)
    _to_print, now_other = letters_for(school)
    chosen = _chosen(now_other, request.POST.getlist("letter"))
    if not request.POST.getlist("letter") or not chosen:
        messages.error(request, _("There were no letters to send by email: the list has changed. Check it again."))
        return redirect("families:letters", pk=school.pk)
    count = send_letters_by_email(request.user, [letter.delivery for letter in chosen], district_id=school.district_id)
    done = ngettext("%(count)s letter sent by email.", "%(count)s letters sent by email.", count)
    messages.success(request, done % {"count": count})
    return redirect("families:letters", pk=school.pk)
