"""The mentoring forms: a program, a mentor, a student joining the cohort, a meeting, a check-in,
closing a match."""

from __future__ import annotations

from typing import Unpack

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from village.community.forms import DateInput
from village.community.models import CheckInScore, ClearanceKind, EndReason, Interest, MeetingTime, Volunteer
from village.directory.models import Service
from village.lib.forms import FormData, FormOptions
from village.lib.languages import language_choices
from village.messaging.actions import message_text


class ServiceField(forms.ModelChoiceField[Service]):
    def label_from_instance(self, obj: Service) -> str:
        return f"{message_text(obj.name)} · {obj.organization.name}"


class ProgramForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    service = ServiceField(
        label=_("Service students are referred to"),
        queryset=Service.objects.none(),
        help_text=_("Students join the program through a referral to this service, under their family's consent."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), required=False, choices=language_choices, widget=forms.CheckboxSelectMultiple
    )
    clearances = forms.MultipleChoiceField(
        label=_("Clearances mentors need"),
        required=False,
        choices=ClearanceKind.choices,
        initial=[ClearanceKind.BACKGROUND_CHECK],
        widget=forms.CheckboxSelectMultiple,
    )
    max_mentees = forms.IntegerField(label=_("Most students one mentor may take"), min_value=1, max_value=10, initial=3)
    stall_days = forms.IntegerField(
        label=_("Days without a meeting before the coordinator is alerted"), min_value=7, max_value=120, initial=30
    )

    def __init__(
        self, data: FormData | None = None, *, services: QuerySet[Service], **options: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, **options)
        field = self.fields["service"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = services


class _Preferences(forms.Form):
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=language_choices, widget=forms.CheckboxSelectMultiple
    )
    interests = forms.MultipleChoiceField(
        label=_("Interests"), required=False, choices=Interest.choices, widget=forms.CheckboxSelectMultiple
    )
    times = forms.MultipleChoiceField(
        label=_("Times they can meet"), choices=MeetingTime.choices, widget=forms.CheckboxSelectMultiple
    )


class VolunteerField(forms.ModelChoiceField[Volunteer]):
    def label_from_instance(self, obj: Volunteer) -> str:
        return f"{obj.name} · {obj.email}"


class MentorForm(_Preferences):
    volunteer = VolunteerField(label=_("Volunteer"), queryset=Volunteer.objects.none())
    capacity = forms.IntegerField(label=_("Students they can take"), min_value=1, max_value=10, initial=1)
    background = forms.CharField(
        label=_("Cultural background or experience the mentor chooses to share (optional)"),
        max_length=200,
        required=False,
        help_text=_("Only what the mentor said they want to share. It helps match students who asked for it."),
    )
    field_order = ["volunteer", "capacity", "languages", "interests", "times", "background"]

    def __init__(
        self, data: FormData | None = None, *, volunteers: QuerySet[Volunteer], **options: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, **options)
        field = self.fields["volunteer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = volunteers


class MenteeForm(_Preferences):
    background = forms.CharField(
        label=_("Cultural background or experience the family chose to share (optional)"),
        max_length=200,
        required=False,
        help_text=_("Fill this in only if the family said it matters to them. Mentors never see it."),
    )


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    minutes = forms.IntegerField(label=_("Minutes"), min_value=5, max_value=600, initial=60)
    note = forms.CharField(
        label=_("Note (optional, keep it short)"),
        max_length=200,
        required=False,
        help_text=_("What you did, not private details about the student."),
    )


class CheckInForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How is it going?"), coerce=int, choices=CheckInScore.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Anything to add (optional)"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why the match ends"), choices=EndReason.choices, widget=forms.RadioSelect)
    ended_on = forms.DateField(label=_("Last day"), widget=DateInput())
