from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Unpack

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from village.directory.models import ImportFormat, Location, Service, iso639
from village.directory.openings import EVERY_OTHER_WEEK, EVERY_WEEK, REPEAT_CHOICES, Opening
from village.directory.taxonomy import Accessibility, CostKind, Need
from village.lib.forms import FormData, FormFiles, FormOptions, ModelFormOptions, UploadField
from village.lib.languages import language_choices
from village.lib.vocab import Weekday
from village.orgs.models import Region, School

GRADE_CHOICES = [("", _("Any grade")), ("0", _("Kindergarten"))] + [(str(g), str(g)) for g in range(1, 13)]
DISTANCE_CHOICES = [("", _("Any distance")), ("1", _("1 km")), ("2", _("2 km")), ("5", _("5 km")), ("10", _("10 km"))]


class HoursChoice:
    EVENING = "evening"
    WEEKEND = "weekend"


BUS_MINUTES = (15, 30, 45, 60)


class FinderForm(forms.Form):
    """The resource finder's filters. Every field is optional; the form is submitted by GET."""

    need = forms.ChoiceField(label=_("What kind of help?"), required=False)
    near = forms.ChoiceField(
        label=_("Near which school?"),
        required=False,
        help_text=_("Distances are measured from the school, never from your home."),
    )
    language = forms.ChoiceField(label=_("Offered in"), required=False)
    q = forms.CharField(label=_("Words to search for"), required=False, max_length=100)
    zip = forms.CharField(
        label=_("Or near a ZIP code"),
        required=False,
        max_length=10,
        help_text=_("A neighborhood's ZIP code, measured from the services and schools there."),
    )
    km = forms.ChoiceField(label=_("How far?"), choices=DISTANCE_CHOICES, required=False)
    hours = forms.MultipleChoiceField(
        label=_("When"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(HoursChoice.EVENING, _("Evenings")), (HoursChoice.WEEKEND, _("Weekends"))],
    )
    free_day = forms.TypedChoiceField(
        label=_("When I am free: day"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any day")), *Weekday.choices],
    )
    free_from = forms.TimeField(
        label=_("From"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    free_until = forms.TimeField(
        label=_("Until"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    my_times = forms.BooleanField(label=_("When I am free, as in my family profile"), required=False)
    bus_minutes = forms.TypedChoiceField(
        label=_("Reachable by bus within"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("No time limit"))],
        help_text=_("Walking to and from the stops included, at the times you are free (or on weekday afternoons)."),
    )
    stop = forms.ChoiceField(label=_("From which bus stop?"), required=False)
    cost = forms.MultipleChoiceField(
        label=_("Cost"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(CostKind.FREE, _("Free")), (CostKind.SLIDING, _("Sliding scale"))],
    )
    access = forms.MultipleChoiceField(
        label=_("Accessibility"), required=False, widget=forms.CheckboxSelectMultiple, choices=Accessibility.choices
    )
    age = forms.IntegerField(label=_("Age of the child"), required=False, min_value=0, max_value=25)
    grade = forms.ChoiceField(label=_("Grade"), choices=GRADE_CHOICES, required=False)

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        schools: list[School] | None = None,
        has_profile_times: bool = False,
        stops: Sequence[tuple[str, str]] = (),
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        if not has_profile_times:
            del self.fields["my_times"]
        if stops:
            minutes = [(str(m), gettext("%(minutes)s minutes") % {"minutes": m}) for m in BUS_MINUTES]
            self._set_choices("bus_minutes", [("", _("No time limit")), *minutes])
            self._set_choices("stop", [("", _("From the school chosen above")), *stops])
            self.fields["stop"].error_messages["invalid_choice"] = _("Choose a stop from the list.")
            self.fields["stop"].widget.attrs.update(
                {"data-searchable": "", "data-search-label": _("Search for a stop")}
            )
        else:  # no bus timetable loaded: nothing to measure by bus
            del self.fields["bus_minutes"], self.fields["stop"]
        self._set_choices("need", [("", _("Any kind of help")), *Need.choices])
        self._set_choices("language", [("", _("Any language")), *language_choices()])
        self._set_choices("near", [("", _("Anywhere in the region")), *((str(s.pk), s.name) for s in (schools or []))])

    def clean_zip(self) -> str:
        return "".join(self.cleaned_data.get("zip", "").split()).upper()

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("free_from"), data.get("free_until")
        if (start is None) != (end is None):
            self.add_error("free_until" if end is None else "free_from", _("Give both times, from and until."))
        elif start is not None and end is not None and end <= start:
            self.add_error("free_until", _("The end time must be after the start time."))
        elif start is None and data.get("free_day"):
            self.add_error("free_from", _("Give the times you are free that day."))
        if data.get("bus_minutes") and not data.get("stop") and (data.get("zip") or not data.get("near")):
            self.add_error("stop", _("Choose the bus stop you start from, or a school."))
        return data

    def _set_choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


class ServiceForm(forms.ModelForm[Service]):
    """Partner staff edit a listing in the site's default language; other languages come from translators."""

    name_text = forms.CharField(label=_("Name"), max_length=200)
    description_text = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    languages_text = forms.CharField(
        label=_("Languages offered"),
        required=False,
        help_text=_("ISO 639 codes separated by commas, for example: es, ar, vi."),
    )

    class Meta:
        model = Service
        fields = [
            "status",
            "categories",
            "url",
            "email",
            "phone",
            "cost",
            "fees_description",
            "eligibility_description",
            "min_age",
            "max_age",
            "min_grade",
            "max_grade",
            "seats_total",
            "seats_available",
        ]
        widgets = {"categories": forms.CheckboxSelectMultiple}

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        language: str = "en",
        **kwargs: Unpack[ModelFormOptions[Service]],
    ) -> None:
        super().__init__(data, files, **kwargs)
        self.language = language
        self.order_fields(["name_text", "description_text", "languages_text"])
        for age in ("min_age", "max_age"):  # 5 and 2.5, as people write them, not 5.00 and 2.50
            if isinstance(self.initial.get(age), Decimal):
                self.initial[age] = Decimal(f"{self.initial[age].normalize():f}")
        if self.instance.pk:
            self.fields["name_text"].initial = self.instance.name.get(language, "")
            if any(self.instance.name.values()) and not self.instance.name.get(language):
                # Named in another language only: editing in this one need not translate the name.
                self.fields["name_text"].required = False
                self.fields["name_text"].widget.attrs["placeholder"] = str(self.instance)
            self.fields["description_text"].initial = self.instance.description.get(language, "")
            self.fields["languages_text"].initial = ", ".join(self.instance.languages.values_list("code", flat=True))

    def clean_languages_text(self) -> list[str]:
        codes = [c.strip().lower() for c in self.cleaned_data.get("languages_text", "").split(",") if c.strip()]
        for code in codes:
            try:
                iso639(code)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("%(code)s is not an ISO 639 language code."), params={"code": code}
                ) from None
        return codes

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        # The model checks its name before saving: give it the one typed here.
        name = data.get("name_text")
        if isinstance(name, str) and name:
            self.instance.name = {**self.instance.name, self.language: name}
        return data

    def _update_errors(self, errors: forms.ValidationError) -> None:
        # The model's `name` is this form's `name_text` (a blank one is already reported there).
        if hasattr(errors, "error_dict") and "name" in errors.error_dict:
            name_errors = errors.error_dict.pop("name")
            if "name_text" not in self.errors:
                errors.error_dict["name_text"] = name_errors
        super()._update_errors(errors)  # type: ignore[misc]

    def save(self, commit: bool = True) -> Service:
        service = super().save(commit=False)
        if name := self.cleaned_data["name_text"]:
            service.name = {**service.name, self.language: name}
        description = self.cleaned_data.get("description_text", "")
        service.description = (
            {**service.description, self.language: description} if description else service.description
        )
        return service


class ScheduleForm(forms.Form):
    # A blank first choice: an empty extra row posts nothing and is ignored.
    weekday = forms.TypedChoiceField(
        label=_("Day"), choices=[("", _("Choose a day")), *Weekday.choices], coerce=int, empty_value=None
    )
    repeat = forms.ChoiceField(label=_("How often"), choices=REPEAT_CHOICES, required=False)
    opens_at = forms.TimeField(label=_("Opens"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    closes_at = forms.TimeField(label=_("Closes"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    starts = forms.DateField(
        label=_("First date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Needed for every other week: the first day it is open."),
    )
    ends = forms.DateField(
        label=_("Last date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    notes = forms.CharField(label=_("Note"), required=False, max_length=300)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        # A closing time before the opening time is the next day (overnight, 22:00–06:00).
        if opens is not None and closes is not None and closes == opens:
            self.add_error("closes_at", _("The closing time is the same as the opening time."))
        starts, ends = data.get("starts"), data.get("ends")
        if data.get("repeat") == EVERY_OTHER_WEEK and starts is None:
            self.add_error("starts", _("Give the first date, so that the weeks it is open can be counted."))
        if isinstance(starts, datetime.date) and isinstance(ends, datetime.date) and ends < starts:
            self.add_error("ends", _("The last date is before the first date."))
        weekday = data.get("weekday")
        every_other = data.get("repeat") == EVERY_OTHER_WEEK
        # Every other week counts from the first date: it must be one of the days.
        if every_other and isinstance(starts, datetime.date) and weekday and starts.isoweekday() != weekday:
            self.add_error("starts", _("The first date is not on the day chosen."))
        return data

    def opening(self) -> Opening:
        data = self.cleaned_data
        return Opening(
            weekday=data["weekday"],
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            repeat=data.get("repeat") or EVERY_WEEK,
            starts=data.get("starts"),
            ends=data.get("ends"),
            notes=data.get("notes") or "",
        )

    @staticmethod
    def initial_of(opening: Opening) -> dict[str, object]:
        return {
            "weekday": opening.weekday,
            "repeat": opening.repeat,
            "opens_at": opening.opens_at,
            "closes_at": opening.closes_at,
            "starts": opening.starts,
            "ends": opening.ends,
            "notes": opening.notes,
        }


ScheduleFormSet = forms.formset_factory(ScheduleForm, extra=2, can_delete=True)


class LocationForm(forms.ModelForm[Location]):
    accessibility = forms.MultipleChoiceField(
        label=_("Accessibility features"),
        required=False,
        choices=Accessibility.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Location
        fields = [
            "name",
            "address_1",
            "city",
            "state_province",
            "postal_code",
            "latitude",
            "longitude",
            "transportation",
            "accessibility",
        ]


class DirectoryImportForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), empty_label=None)
    format = forms.ChoiceField(label=_("Format of the file"), choices=ImportFormat.choices)
    file = UploadField(
        label=_("File"),
        help_text=_("HSDS JSON as a .json file; every CSV format as a .zip of its CSV files."),
    )
    dry_run = forms.BooleanField(label=_("Dry run: check the file and report, change nothing"), required=False)
    apply_valid = forms.BooleanField(label=_("Apply the valid rows even if some rows are rejected"), required=False)

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        regions: QuerySet[Region],
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        field = self.fields["region"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = regions
        if regions.count() == 1:
            field.initial = regions.first()
            field.widget = forms.HiddenInput()

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        if upload.size is not None and upload.size > 200 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 200 MB."))
        return upload
