"""`{{ value|plain_number }}`: a stored decimal as people write it, in the reader's locale
(an age of 5.00 shows as 5, 2.50 as 2.5, 2,5 in Spanish)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def plain_number(value: Decimal | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return number_format(value)
    return number_format(Decimal(f"{value.normalize():f}"))
