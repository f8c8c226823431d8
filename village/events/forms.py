"""The event form (in the event's own time zone), the RSVP form and the calendar upload."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Unpack

from django import forms
from django.utils.translation import gettext_lazy as _

from village.events.actions import EVENT_FIELDS, REASON_NOT_LISTED
from village.events.models import Audience, Event, EventKind
from village.families.vocab import Barrier
from village.lib.forms import FormData, FormFiles, FormOptions, UploadField
from village.lib.languages import language_choices, ui_language_choices
from village.lib.time_zones import time_zone_choices

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def _local(value: datetime.datetime, zone: str) -> str:
    return value.astimezone(zoneinfo.ZoneInfo(zone)).strftime(LOCAL_FORMAT)


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format=LOCAL_FORMAT)


class EventForm(forms.Form):
    """`language` says which language the title and description are written in (on an existing
    event, a translation when it is not the language the event was written in)."""

    language = forms.ChoiceField(label=_("Written in"), choices=ui_language_choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What happens, who it is for, what to bring."),
    )
    kind = forms.ChoiceField(label=_("Kind of event"), choices=EventKind.choices)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=LocalDateTimeInput(), input_formats=[LOCAL_FORMAT])
    ends_at = forms.DateTimeField(label=_("Ends"), widget=LocalDateTimeInput(), input_formats=[LOCAL_FORMAT])
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)
    venue = forms.CharField(label=_("Place"), max_length=200, required=False, help_text=_("A room or building."))
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    accessible_venue = forms.BooleanField(
        label=_("Accessible venue"), required=False, help_text=_("Step-free entrance, accessible restrooms.")
    )
    online_link = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    languages = forms.MultipleChoiceField(
        label=_("Held in"), required=False, choices=language_choices, widget=forms.CheckboxSelectMultiple
    )
    interpretation = forms.MultipleChoiceField(
        label=_("Interpretation into"), required=False, choices=language_choices, widget=forms.CheckboxSelectMultiple
    )
    childcare = forms.BooleanField(label=_("Childcare provided"), required=False)
    transport = forms.BooleanField(label=_("Rides or transport provided"), required=False)
    food = forms.BooleanField(label=_("Food provided"), required=False)
    capacity = forms.IntegerField(
        label=_("Capacity"),
        required=False,
        min_value=1,
        max_value=100000,
        help_text=_("How many people fit. Leave empty for no limit; past it, answers join a waiting list."),
    )
    audience = forms.ChoiceField(label=_("Who may come"), choices=Audience.choices)

    def __init__(
        self, data: FormData | None = None, files: FormFiles | None = None, **options: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, files, **options)
        self.language_locked = False

    @classmethod
    def for_event(cls, data: FormData | None, event: Event, language: str) -> EventForm:
        initial: dict[str, object] = {name: getattr(event, name) for name in ("kind", "time_zone", "venue")}
        initial |= {
            name: getattr(event, name)
            for name in (
                "address",
                "accessible_venue",
                "online_link",
                "languages",
                "interpretation",
                "childcare",
                "transport",
                "food",
                "capacity",
                "audience",
            )
        }
        initial |= {
            "language": language,
            "title": event.title.get(language, ""),
            "description": event.description.get(language, ""),
            "starts_at": _local(event.starts_at, event.time_zone),
            "ends_at": _local(event.ends_at, event.time_zone),
        }
        form = cls(data, initial=initial)
        form.fields["language"].widget = forms.HiddenInput()
        form.language_locked = True
        if language != event.source_language:
            form.fields["title"].required = False
        return form

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        zone_name = data.get("time_zone")
        if isinstance(zone_name, str):
            zone = zoneinfo.ZoneInfo(zone_name)
            for name in ("starts_at", "ends_at"):
                value = data.get(name)
                if isinstance(value, datetime.datetime):
                    # Read as written: a wall-clock time in the event's zone, whatever zone the site runs in.
                    data[name] = value.replace(tzinfo=None).replace(tzinfo=zone)
        start, end = data.get("starts_at"), data.get("ends_at")
        if isinstance(start, datetime.datetime) and isinstance(end, datetime.datetime) and end <= start:
            self.add_error("ends_at", _("The event must end after it starts."))
        return data

    def event_fields(self) -> dict[str, object]:
        data = self.cleaned_data
        return {name: data[name] for name in EVENT_FIELDS}


class RsvpForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    contact = forms.CharField(
        label=_("Email or phone"),
        max_length=200,
        help_text=_("Only for the school to reach you about this event."),
    )
    party_size = forms.IntegerField(label=_("How many people are coming?"), min_value=1, max_value=30, initial=1)
    interpreter_language = forms.ChoiceField(label=_("An interpreter in"), required=False)
    childcare_children = forms.IntegerField(
        label=_("Children who need childcare"), min_value=0, max_value=20, initial=0, required=False
    )
    needs_ride = forms.BooleanField(label=_("We need a ride"), required=False)

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        event: Event,
        signed_in: bool,
        **options: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **options)
        offered = tuple(dict.fromkeys([*event.interpretation, *[c for c, _n in language_choices()]]))
        interpreter = self.fields["interpreter_language"]
        assert isinstance(interpreter, forms.ChoiceField)
        interpreter.choices = [("", _("No interpreter needed")), *language_choices(offered)]
        if signed_in:
            del self.fields["name"]
            del self.fields["contact"]
        if not event.childcare:
            del self.fields["childcare_children"]
        if not event.transport:
            del self.fields["needs_ride"]


class DeclineForm(forms.Form):
    """ "We cannot come", with what keeps the family away if they choose to say."""

    reason = forms.ChoiceField(
        label=_("What keeps you away? (optional)"),
        required=False,
        choices=[("", _("I would rather not say")), *Barrier.choices],
        error_messages={"invalid_choice": REASON_NOT_LISTED},
        help_text=_("The school counts these answers, without names, to see what keeps families away."),
    )


class CalendarUploadForm(forms.Form):
    file = UploadField(
        label=_("School calendar (.ics)"),
        help_text=_("Exported from the district's calendar: holidays, early release and testing days."),
    )


class AttendanceForm(forms.Form):
    """How many came: people in all, and families by the language they read (one field a group)."""

    people = forms.IntegerField(label=_("People who came, adults and children"), min_value=0, max_value=100_000)

    def __init__(
        self, data: FormData | None = None, *, groups: list[tuple[str, str]], **options: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, **options)
        for code, label in groups:
            self.fields[f"families_{code}"] = forms.IntegerField(
                label=label, min_value=0, max_value=100_000, required=False, initial=0
            )
        self.groups = [code for code, _label in groups]

    def families(self) -> dict[str, int]:
        return {code: self.cleaned_data.get(f"families_{code}") or 0 for code in self.groups}
