from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from village.accounts.models import ApiScope, Role
from village.orgs.models import District, Organization, School


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class ProfileForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=200)
    preferred_language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("Say what will use it, for example “Clinic referrals system”."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("What it may do"), choices=ApiScope.choices, widget=forms.CheckboxSelectMultiple
    )
    expires_on = forms.DateField(
        label=_("Expires on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for a token that lasts until you revoke it."),
    )

    def clean_expires_on(self) -> Any:
        value = self.cleaned_data.get("expires_on")
        if value is not None and value <= timezone.localdate():
            raise forms.ValidationError(_("The expiry date must be in the future."))
        return value


class MembershipForm(forms.Form):
    """Grant a role in one district: at the district, one of its schools, or a partner in its region."""

    email = forms.EmailField(label=_("Email address"))
    name = forms.CharField(label=_("Full name"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    school = forms.ModelChoiceField(
        label=_("School"), queryset=School.objects.none(), required=False, empty_label=_("No school")
    )
    organization = forms.ModelChoiceField(
        label=_("Partner organization"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("No organization"),
    )
    title = forms.CharField(label=_("Job title"), max_length=120, required=False)

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.district = district
        school_field = self.fields["school"]
        org_field = self.fields["organization"]
        assert isinstance(school_field, forms.ModelChoiceField)
        assert isinstance(org_field, forms.ModelChoiceField)
        school_field.queryset = School.objects.filter(district=district)
        org_field.queryset = Organization.objects.filter(region_id=district.region_id)
