"""Forms of the matching pages: the match filter and the choice of an allocation run."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from village.directory.models import Service, ServiceStatus
from village.directory.taxonomy import Need as NeedKind
from village.matching.ranking import CostLimit
from village.orgs.models import School

# Kinds of help offered as programs with a fixed number of seats.
PROGRAM_KINDS = ("after_school", "tutoring", "mentoring", "summer")


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


class _ProgramChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Service) -> str:
        seats = obj.seats_available if obj.seats_available is not None else obj.seats_total
        return _("%(service)s · %(partner)s · %(seats)s seats") % {
            "service": obj,
            "partner": obj.organization.name,
            "seats": seats if seats is not None else 0,
        }


class AllocationForm(forms.Form):
    services = _ProgramChoice(
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

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        services = self.fields["services"]
        assert isinstance(services, forms.ModelMultipleChoiceField)
        services.queryset = (
            Service.objects.filter(
                status=ServiceStatus.ACTIVE,
                organization__region=school.district.region_id,
                seats_total__isnull=False,
                categories__code__in=PROGRAM_KINDS,
            )
            .select_related("organization")
            .distinct()
            .order_by("organization__name", "id")
        )
        categories = self.fields["categories"]
        assert isinstance(categories, forms.MultipleChoiceField)
        categories.choices = [(k, NeedKind(k).label) for k in PROGRAM_KINDS]
