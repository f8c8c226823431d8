"""Shared resources and funding."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from village.accounts.models import User
from village.audit.actions import record
from village.partnerships.models import FundingSource, Partnership, ResourceShare


def add_resource(actor: User, partnership: Partnership, **fields: Any) -> ResourceShare:
    for field in ("hours", "value"):
        if fields.get(field) is not None and fields[field] < Decimal(0):
            raise ValidationError({field: _("Enter zero or more; amounts cannot be negative.")})
    with transaction.atomic():
        resource = ResourceShare(partnership=partnership, **fields)
        resource.full_clean()
        resource.save()
        record(actor, "partnerships.resource.added", partnership, kind=resource.kind, direction=resource.direction)
    return resource


def add_funding(actor: User, partnership: Partnership, **fields: Any) -> FundingSource:
    if fields.get("amount") is not None and fields["amount"] < Decimal(0):
        raise ValidationError({"amount": _("Enter zero or more; amounts cannot be negative.")})
    start, end = fields.get("start_date"), fields.get("end_date")
    if start and end and end < start:
        raise ValidationError({"end_date": _("The funding period cannot end before it starts.")})
    with transaction.atomic():
        funding = FundingSource(partnership=partnership, district_id=partnership.district_id, **fields)
        funding.full_clean()
        funding.save()
        record(actor, "partnerships.funding.added", partnership, source=funding.source_type, amount=str(funding.amount))
    return funding
