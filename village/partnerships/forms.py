from __future__ import annotations

from typing import Unpack

from django import forms
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from village.accounts.models import Membership, Role, User
from village.lib.forms import FormData, FormFiles, FormOptions, ModelFormOptions, UploadField
from village.orgs.models import District, Organization, School
from village.partnerships.models import (
    AgreementMetric,
    DataElement,
    FundingSource,
    Milestone,
    Partnership,
    PartnershipOrganization,
    PartnershipStatus,
    PlanTask,
    ReportingFrequency,
    ResourceShare,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def school_side_people(district: District) -> QuerySet[User]:
    """People who may champion or sign for the school side: the district's leads and coordinators."""
    ids = (
        Membership.objects.active()
        .filter(district=district, role__in=[Role.DISTRICT_LEAD, Role.SCHOOL_COORDINATOR])
        .values("user_id")
    )
    return User.objects.filter(pk__in=ids).order_by("name")


def partnership_people(partnership: Partnership) -> QuerySet[User]:
    """Everyone on either side: who may own milestones and tasks."""
    orgs = partnership.members.values("organization_id")
    ids = (
        Membership.objects.active()
        .filter(
            Q(district_id=partnership.district_id, role__in=[Role.DISTRICT_LEAD, Role.SCHOOL_COORDINATOR])
            | Q(organization_id__in=orgs, role=Role.PARTNER_STAFF)
        )
        .values("user_id")
    )
    return User.objects.filter(pk__in=ids).order_by("name")


class PartnershipForm(forms.ModelForm[Partnership]):
    organizations = forms.ModelMultipleChoiceField(
        label=_("Partner organizations"),
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Partnership
        fields = [
            "name",
            "organizations",
            "partner_type",
            "district_wide",
            "schools",
            "shared_goals",
            "services",
            "seats",
        ]
        widgets = {
            "schools": forms.CheckboxSelectMultiple,
            "shared_goals": forms.Textarea(attrs={"rows": 3}),
            "services": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        district: District,
        own_organizations: set[int] | None = None,
        **kwargs: Unpack[ModelFormOptions[Partnership]],
    ) -> None:
        """`own_organizations`: set when partner staff propose; they choose among their own."""
        super().__init__(data, files, **kwargs)
        schools = self.fields["schools"]
        assert isinstance(schools, forms.ModelMultipleChoiceField)
        schools.queryset = School.objects.filter(district=district).order_by("name")
        orgs = self.fields["organizations"]
        assert isinstance(orgs, forms.ModelMultipleChoiceField)
        choices = Organization.objects.filter(region_id=district.region_id)
        if own_organizations is not None:
            choices = choices.filter(pk__in=own_organizations)
            orgs.initial = list(own_organizations)
        orgs.queryset = choices.order_by("name")


class SchoolSideForm(forms.ModelForm[Partnership]):
    class Meta:
        model = Partnership
        fields = [
            "name",
            "partner_type",
            "district_wide",
            "schools",
            "shared_goals",
            "services",
            "seats",
            "school_champion",
            "school_backup",
            "school_signer",
        ]
        widgets = {
            "schools": forms.CheckboxSelectMultiple,
            "shared_goals": forms.Textarea(attrs={"rows": 3}),
            "services": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        **kwargs: Unpack[ModelFormOptions[Partnership]],
    ) -> None:
        super().__init__(data, files, **kwargs)
        district = self.instance.district
        schools = self.fields["schools"]
        assert isinstance(schools, forms.ModelMultipleChoiceField)
        schools.queryset = School.objects.filter(district=district).order_by("name")
        for name in ("school_champion", "school_backup", "school_signer"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = school_side_people(district)


class PartnerSideForm(forms.ModelForm[PartnershipOrganization]):
    services = forms.CharField(label=_("Services delivered"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = PartnershipOrganization
        fields = ["champion", "backup", "signer"]

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        **kwargs: Unpack[ModelFormOptions[PartnershipOrganization]],
    ) -> None:
        super().__init__(data, files, **kwargs)
        staff = User.objects.filter(
            pk__in=Membership.objects.active()
            .filter(organization_id=self.instance.organization_id, role=Role.PARTNER_STAFF)
            .values("user_id")
        ).order_by("name")
        for name in ("champion", "backup", "signer"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = staff
        self.fields["services"].initial = self.instance.partnership.services


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=PartnershipStatus.choices)
    note = forms.CharField(label=_("Why (optional)"), required=False, max_length=300)


class AgreementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    purpose = forms.CharField(label=_("Purpose and shared goals"), widget=forms.Textarea(attrs={"rows": 3}))
    school_roles = forms.CharField(
        label=_("Roles and responsibilities of the school side"), widget=forms.Textarea(attrs={"rows": 3})
    )
    partner_roles = forms.CharField(
        label=_("Roles and responsibilities of the partner side"), widget=forms.Textarea(attrs={"rows": 3})
    )
    decision_authority = forms.CharField(
        label=_("Decision authority"),
        help_text=_("Who decides what, and how disagreements are settled."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    data_elements = forms.MultipleChoiceField(
        label=_("Data elements shared"),
        choices=DataElement.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    data_purposes = forms.CharField(
        label=_("Purposes of data sharing"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    end_date = forms.DateField(label=_("End date"), widget=DATE)
    renewal_terms = forms.CharField(label=_("Renewal terms"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The agreement cannot end before it starts."))
        return data


def _indicators(district_id: int | None) -> QuerySet[Model]:
    """Active indicators of the district a metric may follow.

    The indicators app sits above partnerships (it measures partnerships), so the model is
    reached through the metric's foreign key, as a ModelForm would, rather than imported.
    """
    model = AgreementMetric._meta.get_field("indicator").related_model
    assert isinstance(model, type) and issubclass(model, Model)
    found = model._default_manager.filter(active=True).order_by("name")
    return found.filter(district_id=district_id) if district_id else found.none()


class MetricForm(forms.Form):
    name = forms.CharField(label=_("Metric"), max_length=200, required=False)
    target = forms.CharField(label=_("Target"), max_length=200, required=False)
    measurement = forms.CharField(label=_("How it is measured"), max_length=300, required=False)
    frequency = forms.ChoiceField(
        label=_("Reporting frequency"), choices=ReportingFrequency.choices, initial=ReportingFrequency.QUARTERLY
    )
    indicator = forms.ModelChoiceField(
        label=_("Village indicator it follows (optional)"),
        queryset=_indicators(None),
        required=False,
        help_text=_("The partner then sees this indicator's figures for the partnership's schools."),
    )

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        district_id: int | None = None,
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        field = self.fields["indicator"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _indicators(district_id)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("name") and not (data.get("target") and data.get("measurement")):
            raise forms.ValidationError(_("A metric needs a target and a way to measure it."))
        return data


MetricFormSet = forms.formset_factory(MetricForm, extra=0, min_num=3, validate_min=False, max_num=20)


class MilestoneForm(forms.ModelForm[Milestone]):
    class Meta:
        model = Milestone
        fields = ["title", "date", "owner"]
        widgets = {"date": DATE}

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        partnership: Partnership,
        **kwargs: Unpack[ModelFormOptions[Milestone]],
    ) -> None:
        super().__init__(data, files, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = partnership_people(partnership)


class TaskForm(forms.ModelForm[PlanTask]):
    class Meta:
        model = PlanTask
        fields = ["title", "owner", "due_date", "milestone", "status"]
        widgets = {"due_date": DATE}

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        partnership: Partnership,
        **kwargs: Unpack[ModelFormOptions[PlanTask]],
    ) -> None:
        super().__init__(data, files, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = partnership_people(partnership)
        milestone = self.fields["milestone"]
        assert isinstance(milestone, forms.ModelChoiceField)
        milestone.queryset = partnership.milestones.all()


class TaskUpdateForm(forms.ModelForm[PlanTask]):
    class Meta:
        model = PlanTask
        fields = ["status", "due_date"]
        widgets = {"due_date": DATE}


class ResourceForm(forms.ModelForm[ResourceShare]):
    class Meta:
        model = ResourceShare
        fields = ["kind", "direction", "description", "hours", "value", "date"]
        widgets = {"date": DATE}


class FundingForm(forms.ModelForm[FundingSource]):
    class Meta:
        model = FundingSource
        fields = ["source_type", "funder", "amount", "start_date", "end_date", "restrictions"]
        widgets = {"start_date": DATE, "end_date": DATE, "restrictions": forms.Textarea(attrs={"rows": 2})}


class ImportForm(forms.Form):
    file = UploadField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns: organization, partner_type, partnership, schools (separated by semicolons), status, "
            "shared_goals, services, seats."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check the file and show what would happen, without saving"), required=False, initial=True
    )
