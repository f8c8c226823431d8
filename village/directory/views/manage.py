"""Partner staff (and district leads) keep their organization's listings current."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from village.accounts.http import AuthenticatedHttpRequest
from village.directory import actions
from village.directory.access import access_listings, access_location, access_service
from village.directory.forms import LocationForm, ScheduleForm, ScheduleFormSet, ServiceForm
from village.directory.hours_text import hours_line
from village.directory.models import Location, Service, TaxonomyTerm
from village.directory.openings import Opening
from village.orgs.models import Organization


def _editing_language() -> str:
    return (get_language() or "en").split("-")[0] if get_language() != "zh-hans" else "zh-hans"


def _term_label(term: TaxonomyTerm) -> str:
    return term.label


def _service_form(
    request: AuthenticatedHttpRequest, organization: Organization, instance: Service | None
) -> ServiceForm:
    form = ServiceForm(request.POST or None, instance=instance, language=_editing_language())
    categories = form.fields["categories"]
    assert isinstance(categories, forms.ModelMultipleChoiceField)
    categories.queryset = TaxonomyTerm.objects.filter(taxonomy__name="Village needs")
    categories.label_from_instance = _term_label  # type: ignore[method-assign,assignment]
    form.fields["locations"] = forms.ModelMultipleChoiceField(
        label=_("Where it is offered"),
        queryset=Location.objects.filter(organization=organization),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        initial=list(instance.service_at_locations.values_list("location_id", flat=True)) if instance else [],
    )
    return form


@login_required
def listings(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organization = access_listings(request.user, pk)
    services = list(Service.objects.filter(organization=organization).prefetch_related("categories").order_by("id"))
    locations = Location.objects.filter(organization=organization).order_by("name")
    return render(
        request,
        "directory/listings.html",
        {"organization": organization, "services": services, "locations": locations},
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organization = access_listings(request.user, pk)
    form = _service_form(request, organization, None)
    form.instance.organization = organization
    if request.method == "POST" and form.is_valid():
        service = form.save(commit=False)
        fields = {
            f: getattr(service, f) for f in [*ServiceForm.Meta.fields, "name", "description"] if f != "categories"
        }
        created = actions.create_service(
            request.user,
            organization,
            categories=form.cleaned_data["categories"],
            languages=form.cleaned_data["languages_text"],
            locations=form.cleaned_data["locations"],
            **fields,
        )
        messages.success(request, _("The service was added to the directory."))
        return redirect("directory:service_hours", pk=created.pk)
    return render(request, "directory/service_form.html", {"form": form, "organization": organization, "service": None})


@login_required
@require_http_methods(["GET", "POST"])
def service_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    service = access_service(request.user, pk)
    form = _service_form(request, service.organization, service)
    if request.method == "POST" and form.is_valid():
        edited = form.save(commit=False)
        actions.edit_service(
            request.user,
            edited,
            form.changed_data,
            categories=form.cleaned_data["categories"],
            languages=form.cleaned_data["languages_text"],
            locations=form.cleaned_data["locations"],
        )
        messages.success(request, _("The listing was saved and marked as verified today."))
        return redirect(edited)
    return render(
        request,
        "directory/service_form.html",
        {"form": form, "organization": service.organization, "service": service},
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_hours(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    service = access_service(request.user, pk)
    schedules = list(service.schedules.order_by("id"))
    shown = [o for o in (Opening.of(s) for s in schedules) if o is not None]
    kept = [hours_line(s) for s in schedules if Opening.of(s) is None]
    formset = ScheduleFormSet(request.POST or None, initial=[ScheduleForm.initial_of(o) for o in shown])
    if request.method == "POST" and formset.is_valid():
        slots = [f.opening() for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        try:
            actions.set_schedules(request.user, service, slots)
        except ValidationError as exc:
            formset.non_form_errors().extend(exc.messages)
        else:
            messages.success(request, _("The opening hours were saved."))
            return redirect(service)
    return render(request, "directory/service_hours.html", {"formset": formset, "service": service, "kept": kept})


@login_required
@require_POST
def service_verify(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    service = access_service(request.user, pk)
    actions.verify_service(request.user, service)
    messages.success(request, _("Thank you: the listing is marked as verified today."))
    return redirect("directory:listings", pk=service.organization_id)


@login_required
@require_http_methods(["GET", "POST"])
def location_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organization = access_listings(request.user, pk)
    form = LocationForm(request.POST or None, instance=Location(organization=organization))
    if request.method == "POST" and form.is_valid():
        actions.save_location(request.user, form.save(commit=False), form.changed_data)
        messages.success(request, _("The place was added."))
        return redirect("directory:listings", pk=organization.pk)
    return render(request, "directory/location_form.html", {"form": form, "organization": organization})


@login_required
@require_http_methods(["GET", "POST"])
def location_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    location = access_location(request.user, pk)
    form = LocationForm(request.POST or None, instance=location)
    if request.method == "POST" and form.is_valid():
        actions.save_location(request.user, form.save(commit=False), form.changed_data)
        messages.success(request, _("The place was saved."))
        return redirect("directory:listings", pk=location.organization_id)
    return render(request, "directory/location_form.html", {"form": form, "organization": location.organization})
