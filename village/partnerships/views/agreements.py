from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from village.accounts.http import AuthenticatedHttpRequest
from village.partnerships import actions
from village.partnerships.access import access_agreement, access_partnership
from village.partnerships.actions.agreements import VERSION_FIELDS, parties
from village.partnerships.forms import AgreementForm, MetricFormSet
from village.partnerships.models import Agreement, AgreementVersion
from village.partnerships.pdf import agreement_pdf
from village.partnerships.views.partnerships import add_form_errors


def _metrics(formset: Any) -> list[dict[str, Any]]:
    return [
        {k: f.cleaned_data[k] for k in ("name", "target", "measurement", "frequency", "indicator")}
        for f in formset.forms
        if f.cleaned_data.get("name")
    ]


def _version_initial(version: AgreementVersion) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    text = {name: getattr(version, name) for name in VERSION_FIELDS}
    metrics = [
        {
            "name": m.name,
            "target": m.target,
            "measurement": m.measurement,
            "frequency": m.frequency,
            "indicator": m.indicator_id,
        }
        for m in version.metrics.all()
    ]
    return text, metrics


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    partnership = access_partnership(request.user, pk, "partnerships.contribute")
    form = AgreementForm(request.POST or None, initial={"title": partnership.name, "purpose": partnership.shared_goals})
    formset = MetricFormSet(
        request.POST or None, prefix="metrics", form_kwargs={"district_id": partnership.district_id}
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        text = {k: v for k, v in form.cleaned_data.items() if k != "title"}
        try:
            agreement = actions.create_agreement(
                request.user, partnership, form.cleaned_data["title"], text, _metrics(formset)
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The agreement was written. Each party's signer can now sign it."))
            return redirect(agreement)
    return render(
        request,
        "partnerships/agreement_form.html",
        {"form": form, "formset": formset, "partnership": partnership, "agreement": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_revise(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = access_agreement(request.user, pk, "partnerships.contribute")
    latest = agreement.versions.order_by("-number").first()
    assert latest is not None
    text, metrics = _version_initial(latest)
    form = AgreementForm(request.POST or None, initial={"title": agreement.title, **text})
    formset = MetricFormSet(
        request.POST or None, prefix="metrics", initial=metrics, form_kwargs={"district_id": agreement.district_id}
    )
    form.fields["title"].disabled = True
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        new_text = {k: v for k, v in form.cleaned_data.items() if k != "title"}
        try:
            version = actions.revise_agreement(request.user, agreement, new_text, _metrics(formset))
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(number)s was written. Every party must sign it.") % {"number": version.number},
            )
            return redirect(agreement)
    return render(
        request,
        "partnerships/agreement_form.html",
        {"form": form, "formset": formset, "partnership": agreement.partnership, "agreement": agreement},
    )


def _signing_parties(request: HttpRequest, agreement: Agreement, version: AgreementVersion) -> list[dict[str, Any]]:
    partnership = agreement.partnership
    signatures: dict[int | None, Any] = {s.organization_id: s for s in version.signatures.select_related("signer")}
    signers: dict[int | None, int | None] = {m.organization_id: m.signer_id for m in partnership.members.all()}
    signers[None] = partnership.school_signer_id
    result = []
    for org_id, label in parties(agreement):
        result.append(
            {
                "organization_id": org_id or "",
                "label": label,
                "signature": signatures.get(org_id),
                "can_sign": signers.get(org_id) == request.user.pk and org_id not in signatures,
            }
        )
    return result


@login_required
def agreement_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = access_agreement(request.user, pk)
    versions = list(agreement.versions.prefetch_related("metrics", "signatures__signer").order_by("-number"))
    latest = versions[0]
    return render(
        request,
        "partnerships/agreement_detail.html",
        {
            "agreement": agreement,
            "partnership": agreement.partnership,
            "latest": latest,
            "versions": versions,
            "parties": _signing_parties(request, agreement, latest),
            "can_revise": request.user.has_perm("partnerships.contribute", agreement),
            "today": timezone.localdate(),
        },
    )


def _client_ip(request: HttpRequest) -> str | None:
    """The signer's address, through as many reverse proxies as VILLAGE_TRUSTED_PROXY_COUNT."""
    return str(get_adapter(request).get_client_ip(request))


@login_required
@require_POST
def agreement_sign(request: AuthenticatedHttpRequest, pk: int, number: int) -> HttpResponse:
    agreement = access_agreement(request.user, pk)
    version = agreement.versions.filter(number=number).first()
    if version is None:
        raise Http404
    raw = request.POST.get("organization", "")
    organization_id = int(raw) if raw.isdigit() else None
    try:
        actions.sign_version(request.user, version, organization_id, _client_ip(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        agreement.refresh_from_db()
        if agreement.active_version_id == version.pk:
            messages.success(request, _("You signed. Every party has signed, so this version is now in force."))
        else:
            messages.success(request, _("You signed. The agreement takes effect once every party has signed."))
    return redirect(agreement)


def _printable_version(request: HttpRequest, agreement: Agreement) -> AgreementVersion:
    raw = request.GET.get("version", "")
    versions = agreement.versions.prefetch_related("metrics", "signatures__signer", "signatures__organization")
    if raw.isdigit():
        version = versions.filter(number=int(raw)).first()
    else:
        version = versions.filter(pk=agreement.active_version_id).first() if agreement.active_version_id else None
        version = version or versions.order_by("-number").first()
    if version is None:
        raise Http404
    return version


@login_required
def agreement_print(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = access_agreement(request.user, pk)
    version = _printable_version(request, agreement)
    return render(
        request,
        "partnerships/agreement_print.html",
        {
            "agreement": agreement,
            "partnership": agreement.partnership,
            "version": version,
            "parties": _signing_parties(request, agreement, version),
        },
    )


@login_required
def agreement_pdf_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = access_agreement(request.user, pk)
    version = _printable_version(request, agreement)
    response = HttpResponse(agreement_pdf(agreement, version), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="agreement-{agreement.pk}-v{version.number}.pdf"'
    return response
