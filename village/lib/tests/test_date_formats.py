"""One unambiguous date format per language: 12 June 2026 never reads as 6 December."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation

JUNE_12 = datetime.datetime(2026, 6, 12, 17, 30, tzinfo=datetime.UTC)
MONTH = {"en": "Jun", "es": "jun", "ar": "يونيو", "vi": "tháng 6", "zh-hans": "6月"}


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_dates_name_the_month_and_read_the_same_with_or_without_the_time(language: str) -> None:
    template = Template(
        '{{ d|date:"SHORT_DATE_FORMAT" }}|{{ d|date:"SHORT_DATETIME_FORMAT" }}|{{ d|date:"DATE_FORMAT" }}|{{ d|date }}'
    )
    with translation.override(language):
        short, short_time, long, default = template.render(Context({"d": JUNE_12})).split("|")
    assert MONTH[language] in short, short
    assert short in short_time, (short, short_time)  # the date part is the same date text
    assert "06/12" not in short_time and "12/06" not in short_time
    assert "12" in long and long == default
