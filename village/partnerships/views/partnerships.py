from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from village.accounts.http import AuthenticatedHttpRequest
from village.audit.access import trail_for
from village.partnerships import actions
from village.partnerships.access import (
    access_district_for_partnerships,
    access_member,
    access_partnership,
    access_partnership_list,
    startable_districts,
)
from village.partnerships.forms import PartnershipForm, PartnerSideForm, SchoolSideForm, StatusForm
from village.partnerships.models import Agreement
from village.partnerships.rules import partner_organization_ids, proposing_organization_ids


def add_form_errors(form: object, error: ValidationError) -> None:
    """Attach an action's ValidationError to the form, on the field it names when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None  # type: ignore[attr-defined]
            for e in errors:
                form.add_error(target, e)  # type: ignore[attr-defined]
    else:
        form.add_error(None, error)  # type: ignore[attr-defined]


@login_required
def partnership_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    partnerships = list(
        access_partnership_list(request.user)
        .select_related("district")
        .prefetch_related("schools", "members__organization")
        .order_by("name")
    )
    agreements = {
        a.partnership_id: a
        for a in Agreement.objects.filter(partnership__in=partnerships)
        .select_related("active_version")
        .order_by("partnership_id", "created_at", "id")
    }
    rows = [(p, agreements.get(p.pk)) for p in partnerships]

    return render(
        request,
        "partnerships/partnership_list.html",
        {"rows": rows, "districts": startable_districts(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def partnership_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    district = access_district_for_partnerships(request.user, slug)
    proposing = not request.user.has_perm("partnerships.start_as_school_side", district)
    own = proposing_organization_ids(request.user, district) if proposing else None
    form = PartnershipForm(request.POST or None, district=district, own_organizations=own)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        schools, orgs = data.pop("schools"), data.pop("organizations")
        try:
            partnership = actions.create_partnership(
                request.user, district, schools=schools, organizations=orgs, **data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The partnership was created."))
            return redirect(partnership)
    return render(
        request, "partnerships/partnership_form.html", {"form": form, "district": district, "proposing": proposing}
    )


@login_required
def partnership_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = access_partnership(request.user, pk)
    school_side = request.user.has_perm("partnerships.change_partnership", partnership)
    members = list(partnership.members.select_related("organization", "champion", "backup", "signer"))
    own_orgs = partner_organization_ids(request.user, partnership)
    return render(
        request,
        "partnerships/partnership_detail.html",
        {
            "partnership": partnership,
            "school_side": school_side,
            "members": [(m, school_side or m.organization_id in own_orgs) for m in members],
            "schools": partnership.schools.order_by("name"),
            "agreements": partnership.agreements.select_related("active_version").order_by("-created_at"),
            "history": partnership.status_changes.select_related("changed_by"),
            "status_form": StatusForm(initial={"status": partnership.status}) if school_side else None,
            "champions": (partnership.school_champion, partnership.school_backup, partnership.school_signer),
            "trail": trail_for(partnership) if school_side else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def partnership_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = access_partnership(request.user, pk, "partnerships.change_partnership")
    form = SchoolSideForm(request.POST or None, instance=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_partnership(
                request.user, form.save(commit=False), form.changed_data, schools=form.cleaned_data["schools"]
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The partnership was saved."))
            return redirect(partnership)
    return render(request, "partnerships/partnership_edit.html", {"form": form, "partnership": partnership})


@login_required
@require_http_methods(["GET", "POST"])
def partner_side_edit(request: AuthenticatedHttpRequest, pk: int, organization_pk: int) -> HttpResponse:
    partnership = access_partnership(request.user, pk, "partnerships.change_partner_side")
    member = access_member(request.user, partnership, organization_pk)
    form = PartnerSideForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_partner_side(request.user, form.save(commit=False), form.cleaned_data["services"])
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Your side of the partnership was saved."))
            return redirect(partnership)
    return render(
        request, "partnerships/partner_side_form.html", {"form": form, "partnership": partnership, "member": member}
    )


@login_required
@require_POST
def partnership_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = access_partnership(request.user, pk, "partnerships.change_partnership")
    form = StatusForm(request.POST)
    if form.is_valid():
        actions.change_status(request.user, partnership, form.cleaned_data["status"], form.cleaned_data["note"])
        messages.success(request, _("The status was changed."))
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect(partnership)
