from __future__ import annotations

from datetime import date, time
from typing import Any, Unpack, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from village.families.actions import ConsentTerms, LegalBasisTerms, WindowChanges
from village.families.models import FamilyProfile, LegalBasisKind, Need, Plan, SignerRelationship, Student
from village.families.vocab import (
    Accommodation,
    Barrier,
    ContactChannel,
    DataElement,
    NeedCategory,
    NeedSource,
    NeedStatus,
    Purpose,
    TravelMode,
    Urgency,
)
from village.lib.forms import FormData, FormFiles, FormOptions, ModelFormOptions, UploadField
from village.lib.languages import language_picker
from village.lib.vocab import Weekday
from village.orgs.models import Organization
from village.transit.travel import current_stops, labelled


class _ConsentTermsForm(forms.Form):
    recipient = forms.ModelChoiceField(
        label=_("Partner organization"),
        queryset=Organization.objects.none(),
        error_messages={
            "invalid_choice": _("This partner is not in Village's directory. Choose one from the list."),
            "required": _("Choose the partner who may receive the information."),
        },
    )
    elements = forms.MultipleChoiceField(
        label=_("Information the partner may receive"),
        choices=DataElement.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of information to share.")},
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    purpose_detail = forms.CharField(
        label=_("Purpose in your own words"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    valid_until = forms.DateField(
        label=_("Valid until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The consent ends on this date, or earlier if you withdraw it."),
        error_messages={"required": _("Say until when the consent lasts.")},
    )
    signer_name = forms.CharField(
        label=_("Your full name, as your signature"),
        max_length=200,
        error_messages={"required": _("Type the full name of the person signing.")},
    )
    signer_relationship = forms.ChoiceField(label=_("Relationship to the student"), choices=SignerRelationship.choices)

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        student: Student,
        as_student: bool = False,
        **kwargs: Unpack[FormOptions],
    ) -> None:
        """`as_student`: the adult student signs for themselves (the only signer from 18)."""
        super().__init__(data, files, **kwargs)
        self.student = student
        relationship = self.fields["signer_relationship"]
        assert isinstance(relationship, forms.ChoiceField)
        if as_student:
            relationship.choices = [(SignerRelationship.ADULT_STUDENT, SignerRelationship.ADULT_STUDENT.label)]
            relationship.initial = SignerRelationship.ADULT_STUDENT
        elif not isinstance(self, PaperConsentForm):
            relationship.choices = [
                (value, label)
                for value, label in SignerRelationship.choices
                if value != SignerRelationship.ADULT_STUDENT
            ]
        field = self.fields["recipient"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.filter(region_id=student.district.region_id).order_by("name")

    def clean_valid_until(self) -> date:
        value: date = self.cleaned_data["valid_until"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The end date is in the past. Choose today or a later date."))
        return value

    def terms(self) -> ConsentTerms:
        d = self.cleaned_data
        return ConsentTerms(
            recipient=d["recipient"],
            elements=d["elements"],
            purpose=d["purpose"],
            purpose_detail=d.get("purpose_detail", ""),
            valid_until=d["valid_until"],
            signer_name=d["signer_name"],
            signer_relationship=d["signer_relationship"],
        )


class ConsentForm(_ConsentTermsForm):
    """A family signs on the phone: typed name plus a confirmation."""

    confirm = forms.BooleanField(
        label=_("I have read what will be shared, with whom and why, and I agree. I can withdraw at any time."),
        error_messages={"required": _("Tick the box to confirm you agree.")},
    )


class PaperConsentForm(_ConsentTermsForm):
    signer_name = forms.CharField(
        label=_("Name of the person who signed"),
        max_length=200,
        error_messages={"required": _("Type the full name of the person who signed the form.")},
    )
    signed_on = forms.DateField(label=_("Date on the form"), widget=forms.DateInput(attrs={"type": "date"}))
    language = forms.ChoiceField(label=_("Language of the form"), choices=())
    scan = forms.FileField(
        label=_("Scan or photo of the signed form"),
        error_messages={"required": _("Attach a scan or photo of the signed form.")},
    )

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        student: Student,
        as_student: bool = False,
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, student=student, as_student=as_student, **kwargs)
        field = self.fields["language"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = language_picker(keep="eng")
        field.initial = "eng"
        field.widget.attrs.update({"data-searchable": "", "data-search-label": _("Search for a language")})

    def clean_signed_on(self) -> date:
        value: date = self.cleaned_data["signed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date on the form cannot be in the future."))
        return value


class LegalBasisForm(forms.Form):
    """Staff record a basis other than consent for sharing one student's information."""

    kind = forms.ChoiceField(label=_("Legal basis"), choices=LegalBasisKind.choices)
    recipient = forms.ModelChoiceField(
        label=_("Partner organization"),
        queryset=Organization.objects.none(),
        error_messages={
            "invalid_choice": _("This partner is not in Village's directory. Choose one from the list."),
            "required": _("Choose the partner who may receive the information."),
        },
    )
    elements = forms.MultipleChoiceField(
        label=_("Information the partner may receive"),
        choices=DataElement.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of information to share.")},
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    justification = forms.CharField(
        label=_("Why this basis applies"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example the emergency, the court order's reference, or the contract that makes the partner "
            "a school official."
        ),
        error_messages={"required": _("Explain in a sentence or two why this basis applies (at least 20 characters).")},
    )
    valid_from = forms.DateField(
        label=_("Valid from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Today if empty."),
    )
    valid_until = forms.DateField(
        label=_("Valid until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Say until when the basis lasts.")},
    )

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        student: Student,
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        field = self.fields["recipient"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.filter(region_id=student.district.region_id).order_by("name")

    def terms(self) -> LegalBasisTerms:
        d = self.cleaned_data
        return LegalBasisTerms(
            kind=d["kind"],
            recipient=d["recipient"],
            elements=d["elements"],
            purpose=d["purpose"],
            justification=d["justification"],
            valid_from=d.get("valid_from"),
            valid_until=d["valid_until"],
        )


class DirectoryOptOutForm(forms.Form):
    opt_out = forms.BooleanField(
        label=_("Do not share my child's directory information (name, grade, school) without my consent"),
        required=False,
    )


class ShareForm(forms.Form):
    recipient = forms.ModelChoiceField(label=_("Partner organization"), queryset=Organization.objects.none())
    elements = forms.MultipleChoiceField(
        label=_("Information to share"), choices=DataElement.choices, widget=forms.CheckboxSelectMultiple
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    detail = forms.CharField(label=_("Note for the record"), required=False, max_length=500)

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        student: Student,
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        field = self.fields["recipient"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.filter(region_id=student.district.region_id).order_by("name")


class ProfileForm(forms.ModelForm[FamilyProfile]):
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=(),
        required=False,
        help_text=_("The languages most common in your district come first."),
    )
    preferred_channels = forms.MultipleChoiceField(
        label=_("How should the school reach you?"),
        choices=ContactChannel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    travel_modes = forms.MultipleChoiceField(
        label=_("How do you travel?"), choices=TravelMode.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    accommodations = forms.MultipleChoiceField(
        label=_("To take part in meetings and programs, I need"),
        choices=Accommodation.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = FamilyProfile
        fields = [
            "preferred_language",
            "preferred_channels",
            "best_times",
            "travel_modes",
            "max_travel_minutes",
            "max_distance_km",
            "trip_stop",
            "accommodations",
            "accommodations_other",
        ]

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        common_languages: tuple[str, ...] = (),
        region_id: int | None = None,
        **kwargs: Unpack[ModelFormOptions[FamilyProfile]],
    ) -> None:
        super().__init__(data, files, **kwargs)
        field = self.fields["preferred_language"]
        assert isinstance(field, forms.ChoiceField)
        keep = self.instance.preferred_language if self.instance else ""
        field.choices = [("", _("Choose a language")), *language_picker(common_languages, keep=keep)]
        field.widget.attrs.update({"data-searchable": "", "data-search-label": _("Search for a language")})
        self._stops: dict[str, str] = dict(current_stops(region_id)) if region_id else {}
        if not self._stops:  # no bus timetable in the region: nothing to choose from
            del self.fields["trip_stop"]
            return
        choices: list[tuple[str, str]] = [("", gettext("From my child's school"))]
        choices += labelled(list(self._stops.items()))
        kept = self.instance.trip_stop if self.instance else ""
        if kept and kept not in self._stops:
            gone = gettext("%(stop)s (no longer served: choose another)") % {
                "stop": self.instance.trip_stop_name or kept
            }
            choices.append((kept, gone))
        self.fields["trip_stop"] = forms.ChoiceField(
            label=_("Where do your bus trips start?"),
            choices=choices,
            required=False,
            error_messages={"invalid_choice": _("Choose a stop from the list.")},
            help_text=_(
                "A stop near home, or the school. Used only to work out bus times; Village never asks for your address."
            ),
        )
        self.fields["trip_stop"].widget.attrs.update(
            {"data-searchable": "", "data-search-label": _("Search for a stop")}
        )

    def clean_trip_stop(self) -> str:
        code: str = self.cleaned_data.get("trip_stop") or ""
        if code and code not in self._stops:
            if self.instance and code == self.instance.trip_stop:
                raise forms.ValidationError(_("This stop is no longer served. Choose another stop, or the school."))
            raise forms.ValidationError(_("Choose a stop from the list."))
        self.instance.trip_stop_name = self._stops.get(code, "")
        return code


class WindowForm(forms.Form):
    # The row's id, so an edit changes that row and an untouched row is left as it is.
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # A blank first choice: an empty extra row posts nothing and is ignored.
    weekday = forms.TypedChoiceField(
        label=_("Day"),
        choices=[("", _("Choose a day")), *Weekday.choices],
        coerce=int,
        empty_value=None,
        error_messages={"required": _("Choose the day.")},
    )
    starts = forms.TimeField(
        label=_("From"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Say from what time.")},
    )
    ends = forms.TimeField(
        label=_("Until"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Say until what time.")},
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        starts: time | None = data.get("starts")
        ends: time | None = data.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", _("The end time must be after the start time."))
        return data


class _WindowFormSet(forms.BaseFormSet[WindowForm]):
    """A profile's availability rows: the served rows carry their ids; blank extra rows are ignored."""

    def __init__(self, *args: Any, profile: FamilyProfile, **kwargs: Any) -> None:
        self.profile = profile
        rows = list(profile.windows.all()) if profile.pk else []
        initial = [{"id": w.pk, "weekday": w.weekday, "starts": w.starts, "ends": w.ends} for w in rows]
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, object]:
        kwargs = super().get_form_kwargs(index)
        # A row added meanwhile (on another device) must not become the "initial" of a blank new row.
        if index is None or index >= self.initial_form_count():
            kwargs["initial"] = {}
        return kwargs

    def clean(self) -> None:
        mine = set(self.profile.windows.values_list("pk", flat=True)) if self.profile.pk else set()
        for form in self.initial_forms:
            pk = form.cleaned_data.get("id") if form.cleaned_data else None
            if pk is None or pk not in mine:
                raise forms.ValidationError(
                    _(
                        "Your available times were changed meanwhile, on another device or by another member of your "
                        "household. Reload the page and make your change again."
                    )
                )

    def changes(self) -> WindowChanges:
        """Only what the family changed: edited and deleted rows by id, and filled-in new rows."""
        edit: dict[int, tuple[int, time, time]] = {}
        delete: set[int] = set()
        add: list[tuple[int, time, time]] = []
        for form in self.initial_forms:
            data = form.cleaned_data
            if data.get("DELETE"):
                delete.add(data["id"])
            elif form.has_changed():
                edit[data["id"]] = (data["weekday"], data["starts"], data["ends"])
        for form in self.extra_forms:
            data = form.cleaned_data
            if form.has_changed() and data and not data.get("DELETE"):
                add.append((data["weekday"], data["starts"], data["ends"]))
        return WindowChanges(edit=edit, delete=frozenset(delete), add=add)


WindowFormSet = cast(
    "type[_WindowFormSet]",
    forms.formset_factory(WindowForm, formset=_WindowFormSet, extra=2, can_delete=True, max_num=21),
)


class PlanForm(forms.ModelForm[Plan]):
    class Meta:
        model = Plan
        fields = ["success_in_own_words"]
        widgets = {"success_in_own_words": forms.Textarea(attrs={"rows": 4})}


class GoalForm(forms.Form):
    text = forms.CharField(label=_("Goal"), max_length=300)
    target_date = forms.DateField(
        label=_("By when (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class NeedForm(forms.ModelForm[Need]):
    barriers = forms.MultipleChoiceField(
        label=_("What is in the way?"), choices=Barrier.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Need
        fields = ["category", "description", "urgency", "source", "barriers", "supports_in_place"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "supports_in_place": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        family: bool = False,
        **kwargs: Unpack[ModelFormOptions[Need]],
    ) -> None:
        super().__init__(data, files, **kwargs)
        if family:
            # A family raises its own needs.
            del self.fields["source"]


class NeedStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=NeedStatus.choices)


class RegistryFilterForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), required=False, choices=[("", _("All")), *NeedCategory.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *NeedStatus.choices])
    urgency = forms.ChoiceField(label=_("Urgency"), required=False, choices=[("", _("All")), *Urgency.choices])
    group = forms.ChoiceField(
        label=_("Student group"),
        required=False,
        choices=[
            ("", _("All students")),
            ("disability", _("Students with disabilities (IEP or 504)")),
            ("english_learner", _("English learners")),
            ("economically_disadvantaged", _("Economically disadvantaged")),
            ("homeless", _("Experiencing homelessness")),
            ("foster_care", _("In foster care")),
        ],
    )


class BulkNeedRowForm(forms.Form):
    student_id = forms.CharField(label=_("Student ID"), max_length=40)
    category = forms.ChoiceField(label=_("Category"), choices=NeedCategory.choices)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.ROUTINE)
    description = forms.CharField(label=_("What is needed"), required=False, max_length=500)


BulkNeedFormSet = forms.formset_factory(BulkNeedRowForm, extra=5, max_num=200)


class BulkNeedUploadForm(forms.Form):
    file = UploadField(
        label=_("CSV file"),
        help_text=_(
            "Columns: student_id, category, urgency, description. Categories and urgencies use the codes below."
        ),
    )
    source = forms.ChoiceField(label=_("Raised by"), choices=NeedSource.choices, initial=NeedSource.SCREENING)


class RosterSyncForm(forms.Form):
    file = UploadField(
        label=_("OneRoster 1.2 CSV zip file"),
        help_text=_(
            "A zip with manifest.csv, orgs.csv, users.csv, enrollments.csv and demographics.csv, "
            "and optionally programs.csv."
        ),
    )
    dry_run = forms.BooleanField(label=_("Dry run: check the files and report, change nothing"), required=False)
    apply_valid = forms.BooleanField(label=_("Apply the valid rows even if some rows are rejected"), required=False)
