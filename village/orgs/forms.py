from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from village.orgs.models import Organization, School


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

    def clean(self) -> dict[str, Any]:
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from village.orgs.models import PartnerType

        field = self.fields["partner_type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("All types")), *PartnerType.choices]
