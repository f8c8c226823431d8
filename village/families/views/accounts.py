"""Family accounts, for school staff: a school's families and inviting them in bulk, a household's
accounts (invite one guardian, print a letter, withdraw, link and unlink a person)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from village.accounts.http import AuthenticatedHttpRequest
from village.audit.access import trail_for
from village.families import actions, family_accounts
from village.families.access import (
    access_batch,
    access_guardian,
    access_household_for_staff,
    access_invitation,
    access_member,
    access_school_for,
)
from village.families.invitation_forms import BatchForm, FamilyFilterForm, InviteForm, LinkMemberForm
from village.families.letters import letters_pdf
from village.families.models import FamilyInvitation, InvitationBatch, InvitationChannel, Student
from village.lib.imports import Rejection


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _back(request: AuthenticatedHttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(fallback)


@login_required
def school_families(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A school's families, by whether they have an account, to invite many at once."""
    school = access_school_for(request.user, pk, "families.invite_families")
    filters = FamilyFilterForm(request.GET or None)
    show, q = "not_invited", ""
    if filters.is_valid():
        show = filters.cleaned_data.get("show") or show
        q = filters.cleaned_data.get("q", "").strip()
    households = family_accounts.school_families(school, show, q)
    page = Paginator(households, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "families/school_families.html",
        {
            "school": school,
            "filters": filters,
            "show": show,
            "q": q,
            "page": page,
            "query": query.urlencode(),
            "total": page.paginator.count,
            "batch_form": BatchForm(choices=[], initial={"letters": True}),
            "batches": InvitationBatch.objects.filter(school=school).select_related("started_by")[:10],
        },
    )


@login_required
@require_POST
def invite_families(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Start a batch for the chosen families, or for every family the list shows."""
    school = access_school_for(request.user, pk, "families.invite_families")
    show = request.POST.get("show", "not_invited")
    q = request.POST.get("q", "").strip()
    listed = list(family_accounts.school_families(school, show, q).values_list("pk", flat=True))
    form = BatchForm(request.POST, choices=listed)
    back = f"{reverse('families:school_families', kwargs={'pk': school.pk})}?show={show}"
    if not form.is_valid():
        messages.error(request, _("Choose at least one family on the list."))
        return redirect(back)
    chosen = listed if form.cleaned_data["everyone"] else form.cleaned_data["households"]
    try:
        batch = actions.start_invitation_batch(request.user, school, chosen, letters=form.cleaned_data["letters"])
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(back)
    return redirect("families:invitation_batch", pk=batch.pk)


# What a batch did, as the progress partial lists it.
_BATCH_STATS = (
    ("emailed", gettext_lazy("guardians invited by email")),
    ("letters", gettext_lazy("letters to print")),
    ("already_linked", gettext_lazy("guardians who already have an account")),
    ("already_invited", gettext_lazy("guardians with an invitation still open")),
)


@login_required
def invitation_batch(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    batch = access_batch(request.user, pk)
    counts = batch.counts
    stats = [(counts.get(key, 0), str(label)) for key, label in _BATCH_STATS] if counts else []
    if counts:
        stats.append((len(batch.rejections), _("families we could not reach")))
    context = {
        "batch": batch,
        "job": batch,
        "poll_url": reverse("families:invitation_batch", kwargs={"pk": batch.pk}),
        "stats": stats,
    }
    if request.htmx:
        return render(request, "lib/_import_progress.html", context)
    unreachable = [Rejection.from_json(r) for r in batch.rejections]
    return render(
        request,
        "families/invitation_batch.html",
        {
            **context,
            "school": batch.school,
            "unreachable": [(r.value, r.row, r.message()) for r in unreachable],
            "letters": counts.get("letters", 0),
        },
    )


@login_required
def batch_letters(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The batch's letters still open, to print (one per page, each in its family's language)."""
    batch = access_batch(request.user, pk)
    letters = [
        i
        for i in FamilyInvitation.objects.filter(batch=batch, channel=InvitationChannel.LETTER)
        .select_related("guardian", "household", "district")
        .order_by("household__name", "pk")
        if i.is_open
    ]
    if not letters:
        raise Http404
    return _pdf(letters_pdf(letters), f"letters-{batch.school_id}-{batch.pk}.pdf")


@login_required
def household(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Who signs in for a family, its guardians from the roster and their invitations."""
    home = access_household_for_staff(request.user, pk)
    return render(
        request,
        "families/household.html",
        {
            "household": home,
            "children": Student.objects.filter(household=home, status="enrolled", anonymized_at__isnull=True)
            .select_related("school")
            .order_by("given_name"),
            "members": home.members.select_related("user").order_by("user__name"),
            "rows": family_accounts.guardian_rows(home),
            "invitations": home.invitations.select_related("guardian", "invited_by").order_by("-created_at")[:20],
            "link_form": LinkMemberForm(initial={"language": request.LANGUAGE_CODE}),
            "trail": trail_for(home),
        },
    )


@login_required
@require_POST
def invite_guardian(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Invite one guardian, by the channel of the button pressed, in the language chosen."""
    guardian = access_guardian(request.user, pk)
    form = InviteForm(request.POST)
    fallback = reverse("families:household", kwargs={"pk": guardian.household_id})
    if not form.is_valid():
        messages.error(request, _("Choose how to send the invitation and its language."))
        return _back(request, fallback)
    try:
        invitation = actions.invite_guardian(
            request.user, guardian, channel=form.cleaned_data["channel"], language=form.cleaned_data["language"]
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return _back(request, fallback)
    name = f"{guardian.given_name} {guardian.family_name}"
    if invitation.channel == InvitationChannel.EMAIL:
        messages.success(request, _("An invitation was emailed to %(name)s.") % {"name": name})
    else:
        messages.success(
            request,
            _("The letter for %(name)s is ready to print from the family's page.") % {"name": name},
        )
    return _back(request, fallback)


@login_required
def invitation_letter(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invitation = access_invitation(request.user, pk)
    if invitation.channel != InvitationChannel.LETTER or not invitation.is_open:
        raise Http404
    return _pdf(letters_pdf([invitation]), f"letter-{invitation.pk}.pdf")


@login_required
@require_POST
def invitation_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    invitation = access_invitation(request.user, pk)
    actions.withdraw_invitation(request.user, invitation)
    messages.success(request, _("The invitation was withdrawn: its code no longer works."))
    return _back(request, reverse("families:household", kwargs={"pk": invitation.household_id}))


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Link a person's account (created if new) to the family, for a parent the school knows."""
    home = access_household_for_staff(request.user, pk)
    form = LinkMemberForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = actions.link_member(
                request.user,
                home,
                email=data["email"],
                name=data["name"],
                relationship=data["relationship"],
                language=data["language"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error("email" if exc.code == "invalid_email" else None, exc.messages)
        else:
            messages.success(
                request,
                _("%(name)s can now sign in for this family. They and the family were told.")
                % {"name": member.user.name},
            )
            return redirect("families:household", pk=home.pk)
    return render(request, "families/member_form.html", {"household": home, "form": form})


@login_required
@require_POST
def member_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    member = access_member(request.user, pk)
    name = member.user.name
    household_id = member.household_id
    actions.unlink_member(request.user, member)
    messages.success(
        request, _("%(name)s no longer signs in for this family. They and the family were told.") % {"name": name}
    )
    return redirect("families:household", pk=household_id)
