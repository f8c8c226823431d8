from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from village.accounts import actions
from village.accounts.forms import ApiTokenForm, LanguageForm, MembershipForm, ProfileForm
from village.accounts.models import ApiToken, Membership, Role, User
from village.accounts.predicates import memberships
from village.families.access import children_for, households_for
from village.lib.access import get_authorized
from village.orgs.access import access_district
from village.orgs.models import District, Organization, School


def _person(request: HttpRequest) -> User:
    """The signed-in person (views using this are behind login_required)."""
    assert isinstance(request.user, User)
    return request.user


def home(request: HttpRequest) -> HttpResponse:
    """The front page: a welcome for visitors, and for each role a person holds, what is theirs."""
    if not request.user.is_authenticated:
        return render(request, "accounts/welcome.html", {"districts": District.objects.order_by("name")[:20]})
    held = memberships(request.user)
    sections: dict[str, Any] = {}
    lead = [m for m in held if m.role == Role.DISTRICT_LEAD]
    if lead:
        district_ids = [m.district_id for m in lead]
        sections["districts"] = [
            {
                "membership": m,
                "schools": School.objects.filter(district=m.district)
                .annotate(enrolled=Count("students", filter=Q(students__status="enrolled")))
                .order_by("name"),
                "partner_count": Organization.objects.filter(region_id=m.district.region_id).count()
                if m.district
                else 0,
            }
            for m in lead
        ]
        sections["partner_types"] = (
            Organization.objects.filter(region__districts__in=district_ids)
            .values("partner_type")
            .annotate(n=Count("id", distinct=True))
            .order_by("-n")
        )
    school_roles = [m for m in held if m.school_id and m.role != Role.STUDENT]
    if school_roles:
        sections["schools"] = [
            {
                "membership": m,
                "enrolled": m.school.students.filter(status="enrolled").count()
                if m.role == Role.SCHOOL_COORDINATOR and m.school
                else None,
                "staff": Membership.objects.active()
                .filter(school=m.school, role__in=[Role.SCHOOL_COORDINATOR, Role.EDUCATOR])
                .exclude(user=request.user)
                .select_related("user")
                .order_by("role", "user__name"),
            }
            for m in school_roles
        ]
    partner_roles = [m for m in held if m.role == Role.PARTNER_STAFF]
    if partner_roles:
        sections["organizations"] = [
            {
                "membership": m,
                "colleagues": Membership.objects.active()
                .filter(organization=m.organization)
                .exclude(user=request.user)
                .select_related("user")
                .order_by("user__name"),
            }
            for m in partner_roles
        ]
    if any(m.role == Role.FAMILY_MEMBER for m in held):
        sections["households"] = households_for(request.user).prefetch_related("members__user")
        sections["children"] = children_for(request.user).order_by("given_name")
    student_roles = [m for m in held if m.role == Role.STUDENT]
    if student_roles:
        sections["student"] = getattr(request.user, "student_record", None)
        sections["student_schools"] = [m.school for m in student_roles]
    return render(request, "accounts/home.html", {"sections": sections, "memberships": held})


@require_http_methods(["GET", "POST"])
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch language. Works as a plain form post; signed-in people keep the choice on every device."""
    form = LanguageForm(request.POST or None, initial={"language": translation.get_language()})
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        next_url = form.cleaned_data.get("next") or "/"
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
            next_url = "/"
        if isinstance(request.user, User):
            actions.set_language(request.user, language)
        response = redirect(next_url)
        from django.conf import settings

        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
        )
        return response
    return render(request, "accounts/language.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={"name": user.name, "preferred_language": user.preferred_language or translation.get_language()},  # type: ignore[union-attr]
    )
    if request.method == "POST" and form.is_valid():
        actions.update_profile(_person(request), **form.cleaned_data)
        translation.activate(form.cleaned_data["preferred_language"])
        messages.success(request, _("Your profile was saved."))
        return redirect("accounts:profile")
    from allauth.mfa.models import Authenticator

    has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "memberships": memberships(user), "has_totp": has_totp},
    )


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("accounts.manage_api_tokens"):
        raise Http404
    form = ApiTokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        expires_on = form.cleaned_data.get("expires_on")
        expires_at = timezone.make_aware(datetime.combine(expires_on, time.max)) if expires_on is not None else None
        try:
            issued = actions.create_api_token(
                _person(request),
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=expires_at,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=_person(request))
    return render(request, "accounts/api_tokens.html", {"form": form, "tokens": tokens, "issued": issued})


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("accounts.manage_api_tokens"):
        raise Http404
    token = ApiToken.objects.filter(pk=pk, user=_person(request)).first()
    if token is None:
        raise Http404
    actions.revoke_api_token(_person(request), token)
    messages.success(request, _("The token was revoked. Programs using it can no longer sign in."))
    return redirect("accounts:api_tokens")


def _district_memberships(district_id: int, region_id: int) -> Any:
    return (
        Membership.objects.active()
        .filter(Q(district_id=district_id) | Q(organization__region_id=region_id))
        .select_related("user", "school", "organization", "district")
        .order_by("user__name", "role")
    )


@login_required
@require_http_methods(["GET", "POST"])
def people(request: HttpRequest, slug: str) -> HttpResponse:
    """A district lead's list of who holds which role, and the form to grant one."""
    district = access_district(request.user, slug, "orgs.change_district")
    role_filter = request.GET.get("role", "")
    rows = _district_memberships(district.pk, district.region_id)
    if role_filter in Role.values:
        rows = rows.filter(role=role_filter)
    from django.core.paginator import Paginator

    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    form = MembershipForm(request.POST or None, district=district)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        role = data["role"]
        try:
            actions.grant_membership(
                _person(request),
                email=data["email"],
                name=data["name"],
                role=role,
                district=district,
                school=data["school"],
                organization=data["organization"],
                title=data["title"],
            )
        except ValidationError as exc:
            # A role at the wrong kind of place is a mistake in the place fields; say so there.
            field = ("organization" if role == Role.PARTNER_STAFF else "school") if exc.code == "wrong_scope" else None
            form.add_error(field, exc)
        else:
            messages.success(
                request, _("%(name)s now holds the role %(role)s.") % {"name": data["name"], "role": Role(role).label}
            )
            return redirect("accounts:people", slug=district.slug)
    return render(
        request,
        "accounts/people.html",
        {
            "district": district,
            "page": page,
            "form": form,
            "roles": Role.choices,
            "role_filter": role_filter,
            "query": f"role={role_filter}" if role_filter in Role.values else "",
        },
    )


@login_required
@require_POST
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_authorized(
        request.user,
        Membership.objects.active().select_related("district", "school", "organization", "user"),
        "accounts.end_membership",
        pk=pk,
    )
    actions.end_membership(_person(request), membership)
    messages.success(request, _("The role was ended."))
    slug = request.POST.get("district", "")
    return redirect("accounts:people", slug=slug) if slug else redirect("home")


@login_required
def email_address(request: HttpRequest) -> HttpResponse:
    """Sign-in addresses are managed by the district (or the roster sync), not changed by their owner.

    This replaces allauth's self-service email page: an unconfirmed self-service change
    could hand an account to whoever controls the new address.
    """
    return render(request, "accounts/email_address.html")
