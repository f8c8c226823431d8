"""A family claims its account: on a phone, in its language, with no password.

The page is in the language chosen on it (`?language=`), else the signed-in person's, else the one
the language switch remembers, else the invitation's. Every request that looks up a code is
throttled per client address (allauth's rate limiter, which reads client addresses as sign-in
does), and asking for emailed codes is throttled per invitation.
"""

from __future__ import annotations

from allauth.account.utils import perform_login
from allauth.core.internal import ratelimit
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from village.accounts.http import PublicHttpRequest
from village.accounts.models import User
from village.families import actions
from village.families.invitation_forms import ClaimCodeForm, LetterClaimForm, ProofForm
from village.families.models import FamilyInvitation, InvitationChannel
from village.families.models.invitations import PROOF_MINUTES
from village.families.notices import school_of

# Looking codes up: 20 a minute and 200 an hour from one address (a family types one code, maybe
# twice); asking for emailed codes: 3 in 10 minutes for one invitation.
RATES = {"claim": "20/m/ip,200/h/ip", "claim_code": "3/10m/key"}
_LANGUAGES = dict(settings.LANGUAGES)


def _too_many(request: PublicHttpRequest) -> HttpResponse:
    response: HttpResponse = ratelimit.respond_429(request)
    return response


def _throttled(request: PublicHttpRequest, action: str, key: str | None = None) -> bool:
    usage = ratelimit.consume(request, app="village.families", action=action, config=RATES, key=key, limit_get=True)
    return usage is None


def _language(request: PublicHttpRequest, invitation: FamilyInvitation | None) -> tuple[str, bool]:
    """The page's language, and whether the one asked for (`language` in the query or form) was unknown."""
    asked = request.POST.get("language") or request.GET.get("language") or ""
    if asked in _LANGUAGES:
        return asked, False
    saved = request.user.preferred_language if isinstance(request.user, User) else ""
    remembered = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    for choice in (saved, remembered, invitation.language if invitation else ""):
        if choice in _LANGUAGES:
            return choice, bool(asked)
    return translation.get_language() or settings.LANGUAGE_CODE, bool(asked)


def _render(request: PublicHttpRequest, template: str, language: str, context: dict[str, object]) -> HttpResponse:
    with translation.override(language):
        response = render(
            request,
            template,
            {**context, "language": language, "languages": settings.LANGUAGES},
        )
    response["Content-Language"] = language
    return response


def masked(address: str) -> str:
    """ "amina@example.org" as "a•••@example.org": enough to recognise, not to harvest."""
    local, _sep, domain = address.partition("@")
    return f"{local[:1]}•••@{domain}"


@require_http_methods(["GET", "POST"])
def claim_start(request: PublicHttpRequest) -> HttpResponse:
    """Type the code printed on a letter."""
    language, unknown = _language(request, None)
    form = ClaimCodeForm(request.POST or None)
    if request.method == "POST":
        if _throttled(request, "claim"):
            return _too_many(request)
        with translation.override(language):
            valid = form.is_valid()
        if valid:
            code = form.cleaned_data["code"]
            if actions.find_invitation(code) is not None:
                return redirect(
                    f"{reverse('families:claim', kwargs={'code': code})}?{urlencode({'language': language})}"
                )
            with translation.override(language):
                form.add_error("code", _("We could not find this code. Check the letter and type it again."))
    return _render(request, "families/claim_start.html", language, {"form": form, "unknown_language": unknown})


@require_http_methods(["GET", "POST"])
def claim(request: PublicHttpRequest, code: str) -> HttpResponse:
    """Open the account an invitation offers: ask for a code by email, or type it, or (with a letter)
    give an email address to sign in with; then the family is signed in and sees its children."""
    if _throttled(request, "claim"):
        return _too_many(request)
    invitation = actions.find_invitation(code)
    language, unknown = _language(request, invitation)
    if invitation is None:
        with translation.override(language):
            form = ClaimCodeForm(initial={"code": code})
            problem = _("We could not find this code. Check the letter or the message and type it again.")
        return _render(
            request,
            "families/claim_start.html",
            language,
            {"form": form, "problem": problem, "unknown_language": unknown},
        )
    context: dict[str, object] = {
        "invitation": invitation,
        "school": school_of(invitation.household),
        "unknown_language": unknown,
        "masked_address": masked(invitation.address),
        "minutes": PROOF_MINUTES,
        "here": request.path,
    }
    with translation.override(language):
        try:
            actions.check_open(invitation)
        except actions.ClaimRefused as refused:
            return _render(request, "families/claim.html", language, {**context, "refused": refused.messages[0]})
        proof_form = ProofForm(request.POST if request.POST.get("action") == "claim" else None)
        letter_form = LetterClaimForm(request.POST if request.POST.get("action") == "claim" else None)
        if request.method == "POST":
            response = _post(request, invitation, language, proof_form, letter_form)
            if response is not None:
                return response
    signed_in = request.user if isinstance(request.user, User) else None
    return _render(
        request,
        "families/claim.html",
        language,
        {
            **context,
            "proof_form": proof_form,
            "letter_form": letter_form,
            "signed_in": signed_in,
            "is_email": invitation.channel == InvitationChannel.EMAIL,
            "proof_pending": invitation.proof_pending,
        },
    )


def _post(
    request: PublicHttpRequest,
    invitation: FamilyInvitation,
    language: str,
    proof_form: ProofForm,
    letter_form: LetterClaimForm,
) -> HttpResponse | None:
    """Handle the page's two buttons (send a code, open the account); None re-shows the page with errors."""
    again = f"{request.path}?{urlencode({'language': language})}"
    if request.POST.get("action") == "send":
        if _throttled(request, "claim_code", key=str(invitation.pk)):
            messages.error(request, _("Please wait a few minutes before asking for another code."))
            return redirect(again)
        try:
            actions.send_proof(invitation, language=language)
        except actions.ClaimRefused as refused:
            messages.error(request, refused.messages[0])
        else:
            messages.success(request, _("We emailed a code to %(address)s.") % {"address": masked(invitation.address)})
        return redirect(again)
    is_email = invitation.channel == InvitationChannel.EMAIL
    signed_in = request.user if isinstance(request.user, User) else None
    form = proof_form if is_email else letter_form
    if not (is_email or signed_in is not None) and not form.is_valid():
        return None
    if is_email and not form.is_valid():
        return None
    try:
        claimed = actions.claim_invitation(
            invitation,
            language=language,
            proof=proof_form.cleaned_data.get("proof", "") if is_email else "",
            email=letter_form.cleaned_data.get("email", "") if not is_email and signed_in is None else "",
            signed_in=None if is_email else signed_in,
        )
    except actions.ClaimRefused as refused:
        form.add_error(refused.field if refused.field in form.fields else None, refused.messages[0])
        return None
    if claimed.created:
        messages.success(request, _("Your family's account is ready. Welcome to Village."))
        response: HttpResponse = perform_login(request, claimed.user, redirect_url=reverse("home"))
        return response
    if signed_in is not None and signed_in.pk == claimed.user.pk:
        messages.success(request, _("Your account is now linked to your family."))
        return redirect("home")
    messages.success(request, _("Your account is now linked to your family. Sign in to see your children."))
    return redirect("account_login")
