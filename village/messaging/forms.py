"""The form a person sets what Village sends them with: one choice a topic, and quiet hours."""

from __future__ import annotations

from typing import Unpack

from django import forms
from django.utils.translation import gettext_lazy as _

from village.lib.forms import FormData, FormOptions
from village.lib.time_zones import time_zone_choices
from village.messaging.topics import Frequency, Topic


class MessageSettingsForm(forms.Form):
    quiet_start = forms.TimeField(
        label=_("Quiet from"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("For example 21:00. Leave both times empty for no quiet hours."),
    )
    quiet_end = forms.TimeField(
        label=_("Quiet until"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("For example 07:00. Messages that arrive in your quiet hours wait until they end."),
    )
    time_zone = forms.ChoiceField(label=_("Your time zone"), choices=time_zone_choices)

    def __init__(self, data: FormData | None = None, *, topics: list[Topic], **options: Unpack[FormOptions]) -> None:
        super().__init__(data, **options)
        for topic in topics:
            self.fields[topic.code] = forms.ChoiceField(
                label=topic.label,
                help_text=topic.help,
                choices=Frequency.choices,
                widget=forms.RadioSelect,
            )
        # The topics first, then the quiet hours.
        order = [t.code for t in topics] + ["quiet_start", "quiet_end", "time_zone"]
        self.order_fields(order)
