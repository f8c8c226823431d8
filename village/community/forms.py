"""The opportunity form, the public sign-up form, and the forms staff and volunteers fill in
about clearances and hours."""

from __future__ import annotations

from decimal import Decimal
from typing import Unpack

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from village.community.models import ClearanceKind, Signup
from village.lib.forms import FormData, FormOptions
from village.lib.languages import language_choices
from village.partnerships.models import Partnership


class DateInput(forms.DateInput):
    input_type = "date"


class OpportunityForm(forms.Form):
    role = forms.CharField(
        label=_("Role"), max_length=200, help_text=_("For example: reading buddy, field trip helper.")
    )
    description = forms.CharField(
        label=_("What volunteers do"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    schedule = forms.CharField(
        label=_("When"), max_length=300, help_text=_("Days, times or shifts, such as Tuesdays 3 to 4 pm.")
    )
    skills = forms.CharField(label=_("Skills that help"), max_length=300, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages that help"), required=False, choices=language_choices, widget=forms.CheckboxSelectMultiple
    )
    clearances = forms.MultipleChoiceField(
        label=_("Clearances required"),
        required=False,
        choices=ClearanceKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Volunteers are approved only once each of these is recorded and current."),
    )
    places = forms.IntegerField(label=_("Volunteers needed"), required=False, min_value=1, max_value=1000)
    partnership = forms.ModelChoiceField(
        label=_("Partnership"),
        queryset=Partnership.objects.none(),
        required=False,
        help_text=_("Confirmed hours are added to this partnership's shared resources."),
    )

    def __init__(
        self, data: FormData | None = None, *, partnerships: QuerySet[Partnership], **options: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, **options)
        field = self.fields["partnership"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = partnerships


class SignupForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your email"), help_text=_("We write to you here about your sign-up."))
    phone = forms.CharField(label=_("Your phone (optional)"), max_length=40, required=False)
    message = forms.CharField(
        label=_("Anything the coordinator should know (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ClearanceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Clearance"), choices=ClearanceKind.choices)
    cleared_on = forms.DateField(label=_("Cleared on"), widget=DateInput())
    expires_on = forms.DateField(
        label=_("Expires on"), required=False, widget=DateInput(), help_text=_("Leave empty if it does not expire.")
    )
    note = forms.CharField(label=_("Note (who checked it, reference)"), max_length=300, required=False)


class SignupChoiceField(forms.ModelChoiceField[Signup]):
    def label_from_instance(self, obj: Signup) -> str:
        return f"{obj.opportunity.role} · {obj.opportunity.school.name}"


class HoursForm(forms.Form):
    signup = SignupChoiceField(label=_("Opportunity"), queryset=Signup.objects.none())
    date = forms.DateField(label=_("Date"), widget=DateInput())
    hours = forms.DecimalField(
        label=_("Hours"), min_value=Decimal("0.5"), max_value=Decimal(24), decimal_places=1, max_digits=4
    )
    note = forms.CharField(label=_("What you did (optional)"), max_length=300, required=False)

    def __init__(
        self, data: FormData | None = None, *, signups: QuerySet[Signup], **options: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, **options)
        field = self.fields["signup"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = signups
