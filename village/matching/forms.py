"""Forms of the matching pages: the match filter and the choice of an allocation run."""

from __future__ import annotations

from typing import Unpack

from django import forms
from django.utils.translation import gettext_lazy as _

from village.directory.models import Service
from village.directory.taxonomy import Need as NeedKind
from village.lib.forms import FormData, FormFiles, FormOptions
from village.matching.programs import PROGRAM_KINDS, candidates
from village.matching.ranking import CostLimit
from village.orgs.models import School


class MatchForm(forms.Form):
    cost = forms.ChoiceField(
        label=_("Cost the family can take on"),
        required=False,
        choices=[
            (CostLimit.ANY, _("Any cost")),
            (CostLimit.LOW, _("Free or sliding scale")),
            (CostLimit.FREE, _("Free only")),
        ],
    )


class AllocationForm(forms.Form):
    """The programs whose seats to share and the kinds of need that apply. The page lists only
    some programs (`programs.programs_for`); the form accepts any program of the region."""

    q = forms.CharField(label=_("Search programs"), required=False, max_length=100)
    services = forms.ModelMultipleChoiceField(
        label=_("Programs whose seats to share"),
        queryset=Service.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one program.")},
    )
    categories = forms.MultipleChoiceField(
        label=_("Needs to place"),
        help_text=_("Open needs of these kinds at this school are the applicants."),
        widget=forms.CheckboxSelectMultiple,
        choices=[],
        error_messages={"required": _("Choose at least one kind of need.")},
    )

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        school: School,
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        services = self.fields["services"]
        assert isinstance(services, forms.ModelMultipleChoiceField)
        services.queryset = candidates(school)
        categories = self.fields["categories"]
        assert isinstance(categories, forms.MultipleChoiceField)
        categories.choices = [(k, NeedKind(k).label) for k in PROGRAM_KINDS]
