from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Unpack

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from village.accounts.models import User
from village.families.groups import GROUPS
from village.indicators.grains import REFUSE, REPLACE
from village.indicators.models import Indicator, Period
from village.indicators.vocab import CelebrationKind, Practice, Source
from village.lib.forms import FormData, FormFiles, FormOptions, ModelFormOptions, UploadField
from village.lib.translation import text_in, translated
from village.orgs.models import District, Organization, School
from village.voice.models import Question, QuestionKind


class _Person(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.name or obj.email


class _People(forms.ModelMultipleChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.name or obj.email


def _question_label(question: Question) -> str:
    survey, language = question.survey, get_language()
    return f"{translated(survey.title, language)} · {translated(question.text, language)} ({survey.school.name})"


class IndicatorForm(forms.ModelForm[Indicator]):
    # The name as its author wrote it; translations are added on the indicator's translation page.
    name = forms.CharField(label=_("Name"), max_length=120)
    groups = forms.MultipleChoiceField(
        label=_("Student groups to show"),
        choices=[(code, label) for code, label, _m in GROUPS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "definition",
            "numerator",
            "denominator",
            "unit",
            "direction",
            "target",
            "gap_margin",
            "frequency",
            "groups",
            "source",
            "survey_question",
            "survey_threshold",
            "active",
        ]
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        district: District,
        **kwargs: Unpack[ModelFormOptions[Indicator]],
    ) -> None:
        super().__init__(data, files, **kwargs)
        self.district = district
        self.order_fields(["name"])
        if self.instance.pk is not None:
            self.fields["name"].initial = text_in(self.instance.name, self.instance.source_language)

        field = self.fields["survey_question"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Question.objects.filter(survey__district=district, kind=QuestionKind.SCALE).select_related(
            "survey__school"
        )
        field.label_from_instance = _question_label  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("source") == Source.SURVEY_ITEM and not data.get("survey_question"):
            self.add_error("survey_question", _("Choose the survey question this indicator counts."))
        threshold = data.get("survey_threshold")
        if threshold is not None and not 1 <= threshold <= 5:
            self.add_error("survey_threshold", _("Choose a point from 1 to 5."))
        return data

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        clash = Indicator.objects.filter(district=self.district, code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another indicator already has this short code."))
        return code

    def clean_gap_margin(self) -> Decimal | None:
        margin: Decimal | None = self.cleaned_data["gap_margin"]
        if margin is not None and margin < 0:
            raise forms.ValidationError(_("The gap cannot be negative."))
        return margin


class PeriodForm(forms.Form):
    label = forms.CharField(label=_("Name"), max_length=60, help_text=_("For example “2026–27 Q1”."))
    starts = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    ends = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))


class RefreshForm(forms.Form):
    period = forms.ModelChoiceField(label=_("Period"), queryset=Period.objects.none())

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        district: District,
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        field = self.fields["period"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Period.objects.filter(district=district).order_by("-starts")


def _existing_field() -> forms.ChoiceField:
    """What to do with a school's figures at the other grain (school totals or student rows)."""
    return forms.ChoiceField(
        label=_("If a school already has figures for the same indicator and period from the other kind of file"),
        choices=[
            (REFUSE, _("Save nothing and tell me which schools")),
            (REPLACE, _("Replace them")),
        ],
        initial=REFUSE,
        required=False,  # left out: refuse
        widget=forms.RadioSelect,
    )


class ImportForm(forms.Form):
    file = UploadField(
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "Columns: indicator, school, period, group (blank for all students), numerator, denominator, "
            "and optionally students."
        ),
    )
    existing = _existing_field()
    dry_run = forms.BooleanField(label=_("Check only, save nothing"), required=False, initial=True)


class DashboardFilter(forms.Form):
    school = forms.ModelChoiceField(
        label=_("School"), queryset=School.objects.none(), required=False, empty_label=_("All schools")
    )
    period = forms.ModelChoiceField(
        label=_("Up to period"), queryset=Period.objects.none(), required=False, empty_label=_("Latest")
    )
    group = forms.ChoiceField(label=_("Student group"), required=False)

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        district: District,
        schools: QuerySet[School] | None = None,
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        school_field, period_field = self.fields["school"], self.fields["period"]
        assert isinstance(school_field, forms.ModelChoiceField) and isinstance(period_field, forms.ModelChoiceField)
        school_field.queryset = (
            schools if schools is not None else School.objects.filter(district=district).order_by("name")
        )
        period_field.queryset = Period.objects.filter(district=district).order_by("-starts")
        group_field = self.fields["group"]
        assert isinstance(group_field, forms.ChoiceField)
        group_field.choices = [("", _("Every group")), *[(code, label) for code, label, _m in GROUPS]]


class ReviewForm(forms.Form):
    findings = forms.CharField(
        label=_("What the review found"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    reallocations = forms.CharField(
        label=_("Resources moved (what, from where, to whom)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    participants = _People(
        label=_("Participants"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        people: QuerySet[User],
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        field = self.fields["participants"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = people


class ReviewActionForm(forms.Form):
    text = forms.CharField(label=_("Action"), max_length=300)
    owner = _Person(label=_("Owner"), queryset=User.objects.none())
    due = forms.DateField(label=_("Due"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        people: QuerySet[User],
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = people


class CelebrationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CelebrationKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    detail = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    happened_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    school = forms.ModelChoiceField(
        label=_("School"), queryset=School.objects.none(), required=False, empty_label=_("The whole district")
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners who contributed"),
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
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
        school_field, partner_field = self.fields["school"], self.fields["partners"]
        assert isinstance(school_field, forms.ModelChoiceField)
        assert isinstance(partner_field, forms.ModelMultipleChoiceField)
        school_field.queryset = School.objects.filter(district=district).order_by("name")
        partner_field.queryset = (
            Organization.objects.filter(partnerships__district=district).distinct().order_by("name")
        )

    def clean_happened_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["happened_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                _("A celebration is for something that has happened: the date is in the future.")
            )
        return day


class PracticeForm(forms.Form):
    practice = forms.ChoiceField(label=_("What did you do?"), choices=Practice.choices, widget=forms.RadioSelect)
    happened_on = forms.DateField(label=_("When"), widget=forms.DateInput(attrs={"type": "date"}))
    students = forms.IntegerField(label=_("Students reached (optional)"), min_value=1, max_value=500, required=False)

    def __init__(
        self, data: FormData | None = None, files: FormFiles | None = None, **kwargs: Unpack[FormOptions]
    ) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("happened_on", timezone.localdate())
        super().__init__(data, files, **kwargs)


class AttendanceForm(forms.Form):
    file = UploadField(
        label=_("Ed-Fi attendance file (XML)"),
        help_text=_("An Ed-Fi StudentSchoolAttendance interchange: one event per absence, tardy or partial day."),
    )
    period = forms.ModelChoiceField(label=_("Period"), queryset=Period.objects.none())
    school_days = forms.IntegerField(
        label=_("School days in the period"),
        min_value=1,
        max_value=366,
        required=False,
        help_text=_("Leave blank to count Monday to Friday in the period."),
    )
    existing = _existing_field()
    dry_run = forms.BooleanField(label=_("Check only, save nothing"), required=False, initial=True)

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        district: District,
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        field = self.fields["period"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Period.objects.filter(district=district).order_by("-starts")
