"""The outbox page: what Village sent in a district, to whom, and what failed (the district's leads)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from village.accounts.http import AuthenticatedHttpRequest
from village.messaging import actions
from village.messaging.models import MAX_ATTEMPTS, Channel, Delivery, DeliveryStatus, InboundOutcome, InboundText
from village.orgs.access import access_delivery, access_outbox


@login_required
def outbox(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    district = access_outbox(request.user, slug)
    deliveries = Delivery.objects.filter(outbox__district=district)
    counts = dict(deliveries.values_list("status").annotate(n=Count("id")).order_by())
    texts = deliveries.filter(channel=Channel.SMS).exclude(status=DeliveryStatus.HELD)
    text_segments = texts.aggregate(n=Sum("segments"))["n"] or 0
    status = request.GET.get("status", "")
    if status in DeliveryStatus.values:
        deliveries = deliveries.filter(status=status)
    else:
        status = ""
    page = Paginator(
        deliveries.select_related("outbox", "recipient").order_by("-outbox__created_at", "-id"), 50
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "orgs/outbox.html",
        {
            "district": district,
            "page": page,
            "query": query.urlencode(),
            "status": status,
            "statuses": [(value, label, counts.get(value, 0)) for value, label in DeliveryStatus.choices],
            "max_attempts": MAX_ATTEMPTS,
            "text_segments": text_segments,
            "text_cost": settings.VILLAGE_SMS_SEGMENT_COST * text_segments,
            "currency": settings.VILLAGE_SMS_CURRENCY,
        },
    )


@login_required
@require_POST
def retry(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    district, delivery = access_delivery(request.user, slug, pk)
    try:
        actions.retry_now(request.user, delivery)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The message to %(address)s is being sent again.") % {"address": delivery.address})
    return redirect("orgs:outbox", slug=district.slug)


# Texts no person could be matched to: kept as received, never guessed to a family.
UNMATCHED = (InboundOutcome.UNKNOWN_NUMBER, InboundOutcome.SHARED_NUMBER)


@login_required
def texts_received(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Texts from numbers that belong to nobody Village knows, or to more than one person. A number
    names no district, so every district lead of the instance sees them (docs/operations.md)."""
    district = access_outbox(request.user, slug)
    page = Paginator(InboundText.objects.filter(outcome__in=UNMATCHED).order_by("-received_at", "-id"), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "orgs/texts_received.html", {"district": district, "page": page})
