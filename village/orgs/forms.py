from __future__ import annotations

from typing import Unpack

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from village.accounts.models import Role
from village.lib.forms import FormData, FormFiles, FormOptions
from village.lib.languages import ui_language_choices
from village.orgs.models import District, Organization, PartnerType, School


class SchoolForm(forms.ModelForm[School]):
    class Meta:
        model = School
        fields = [
            "name",
            "level",
            "lowest_grade",
            "highest_grade",
            "address",
            "city",
            "postal_code",
            "phone",
            "latitude",
            "longitude",
        ]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        low, high = data.get("lowest_grade"), data.get("highest_grade")
        if low is not None and high is not None and low > high:
            self.add_error("highest_grade", _("The highest grade cannot be below the lowest grade."))
        for field, bound in (("latitude", 90), ("longitude", 180)):
            value = data.get(field)
            if value is not None and not -bound <= value <= bound:
                self.add_error(field, _("Must be between -%(bound)s and %(bound)s.") % {"bound": bound})
        return data


class OrganizationForm(forms.ModelForm[Organization]):
    class Meta:
        model = Organization
        fields = ["name", "partner_type", "description", "website", "email", "phone", "city"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class PartnerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False)
    partner_type = forms.ChoiceField(label=_("Partner type"), required=False)

    def __init__(
        self, data: FormData | None = None, files: FormFiles | None = None, **kwargs: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, files, **kwargs)
        field = self.fields["partner_type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("All types")), *PartnerType.choices]


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
    language = forms.ChoiceField(
        label=_("Their language"),
        choices=ui_language_choices,
        required=False,
        help_text=_(
            "The invitation is written in it, and so are their pages. Someone who already has an account "
            "keeps the language they chose."
        ),
    )

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        district: District,
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        self.district = district
        self.fields["language"].initial = translation.get_language()
        school_field = self.fields["school"]
        org_field = self.fields["organization"]
        assert isinstance(school_field, forms.ModelChoiceField)
        assert isinstance(org_field, forms.ModelChoiceField)
        school_field.queryset = School.objects.filter(district=district)
        org_field.queryset = Organization.objects.filter(region_id=district.region_id)


class DistrictStartForm(forms.Form):
    """A new district in a region, and the person who will lead it."""

    name = forms.CharField(label=_("District name"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=50,
        help_text=_("Letters, numbers and hyphens, used in the district's web addresses (for example, riverbend)."),
    )
    nces_id = forms.CharField(label=_("NCES district ID"), max_length=20, required=False)
    lead_name = forms.CharField(label=_("Full name of the district lead"), max_length=200)
    lead_email = forms.EmailField(label=_("Email address of the district lead"))
    language = forms.ChoiceField(
        label=_("Their language"),
        choices=ui_language_choices,
        help_text=_("The invitation is written in it, and so are their pages."),
    )

    def __init__(
        self, data: FormData | None = None, files: FormFiles | None = None, **kwargs: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, files, **kwargs)
        self.fields["language"].initial = translation.get_language()
