from __future__ import annotations

from typing import Unpack

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from village.families.vocab import Barrier, NeedCategory
from village.lib.forms import FormData, FormFiles, FormOptions
from village.lib.jsontypes import JSONObject
from village.lib.languages import ui_language_choices
from village.voice.models import (
    AttendeeGroup,
    Audience,
    ListeningSession,
    Question,
    QuestionKind,
    Survey,
)


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    intro = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why you ask and what you will do with the answers."),
    )
    source_language = forms.ChoiceField(label=_("Written in"), choices=ui_language_choices)
    languages = forms.MultipleChoiceField(
        label=_("Languages to offer"),
        choices=ui_language_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The survey opens only when every language offered is fully translated."),
    )
    audience = forms.ChoiceField(label=_("Who is it for?"), choices=Audience.choices)
    grade = forms.IntegerField(
        label=_("Grade"),
        required=False,
        min_value=0,
        max_value=12,
        help_text=_("For a survey of students: 0 is kindergarten."),
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous answers"),
        required=False,
        initial=True,
        help_text=_("Nobody, not even staff, can tell who answered. Anyone with the link can answer."),
    )
    invited_only = forms.BooleanField(
        label=_("Only the people it is sent to, once each"),
        required=False,
        help_text=_(
            "For an anonymous survey: each person gets their own single-use link, and the shared link "
            "does not take answers. Without it, anyone with the link can answer, possibly more than once."
        ),
    )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of question"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For choice and ranking questions: one option per line."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    barrier = forms.ChoiceField(
        label=_("Barrier this question asks about"),
        required=False,
        choices=[("", _("None")), *Barrier.choices],
        help_text=_("Answers that choose the option below count on the school's barrier dashboard."),
    )
    barrier_option = forms.IntegerField(
        label=_("Option that means the barrier is there"),
        required=False,
        min_value=1,
        help_text=_("Its number in the list of options, counting from 1 (for example 1 for “Yes”)."),
    )


class TranslateForm(forms.Form):
    """One field per text of the survey, labelled with the text to translate."""

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        survey: Survey,
        questions: list[Question],
        language: str,
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        source = survey.source_language
        attrs = {"lang": language, "dir": "auto"}
        self.fields["title"] = forms.CharField(
            label=_("Title: %(text)s") % {"text": survey.title.get(source, "")},
            initial=survey.title.get(language, ""),
            required=False,
            max_length=200,
            widget=forms.TextInput(attrs=attrs),
        )
        if survey.intro.get(source):
            self.fields["intro"] = forms.CharField(
                label=_("Introduction: %(text)s") % {"text": survey.intro[source]},
                initial=survey.intro.get(language, ""),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, **attrs}),
            )
        for n, q in enumerate(questions, start=1):
            self.fields[f"q{q.pk}"] = forms.CharField(
                label=_("Question %(number)s: %(text)s") % {"number": n, "text": q.text.get(source, "")},
                initial=q.text.get(language, ""),
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs=attrs),
            )
            for i, option in enumerate(q.options):
                self.fields[f"q{q.pk}o{i}"] = forms.CharField(
                    label=_("Question %(number)s, option %(option)s: %(text)s")
                    % {"number": n, "option": i + 1, "text": option.get(source, "")},
                    initial=option.get(language, ""),
                    required=False,
                    max_length=200,
                )


class RespondForm(forms.Form):
    """The survey as a respondent sees it, in one language. `answers()` gives the stored shape."""

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        questions: list[Question],
        language: str,
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        self.questions = questions
        self.rankings: dict[int, list[str]] = {}
        for n, q in enumerate(questions, start=1):
            label = f"{n}. {q.text_in(language)}"
            name = f"q{q.pk}"
            options = [(str(i), o) for i, o in enumerate(q.options_in(language))]
            field: forms.Field
            if q.kind == QuestionKind.SINGLE:
                field = forms.ChoiceField(label=label, choices=options, widget=forms.RadioSelect)
            elif q.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(label=label, choices=options, widget=forms.CheckboxSelectMultiple)
            elif q.kind == QuestionKind.SCALE:
                scale = [
                    ("1", _("1 (not at all)")),
                    ("2", "2"),
                    ("3", "3"),
                    ("4", "4"),
                    ("5", _("5 (very much)")),
                ]
                field = forms.ChoiceField(label=label, choices=scale, widget=forms.RadioSelect)
            elif q.kind == QuestionKind.SHORT_TEXT:
                field = forms.CharField(label=label, max_length=300)
            elif q.kind == QuestionKind.LONG_TEXT:
                field = forms.CharField(label=label, max_length=3000, widget=forms.Textarea(attrs={"rows": 4}))
            else:
                # Ranking without JavaScript: a rank for each option.
                ranks = [("", "—")] + [(str(r), str(r)) for r in range(1, len(options) + 1)]
                names = []
                for i, text in options:
                    option_name = f"{name}r{i}"
                    self.fields[option_name] = forms.ChoiceField(
                        label=_("%(question)s: rank for “%(option)s”") % {"question": label, "option": text},
                        choices=ranks,
                        required=q.required,
                    )
                    names.append(option_name)
                self.rankings[q.pk] = names
                continue
            field.required = q.required
            self.fields[name] = field

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        for names in self.rankings.values():
            given = [cleaned.get(n) for n in names if cleaned.get(n)]
            if len(given) != len(set(given)):
                raise ValidationError(_("Give each option a different rank."))
        return cleaned

    def answers(self) -> JSONObject:
        out: JSONObject = {}
        data = self.cleaned_data
        for q in self.questions:
            key = str(q.pk)
            if q.pk in self.rankings:
                ranked = sorted((int(data[n]), i) for i, n in enumerate(self.rankings[q.pk]) if data.get(n))
                if ranked:
                    out[key] = [i for _rank, i in ranked]
                continue
            value = data.get(f"q{q.pk}")
            if value in (None, "", []):
                continue
            if q.kind in (QuestionKind.SINGLE, QuestionKind.SCALE):
                out[key] = int(value)
            elif q.kind == QuestionKind.MULTIPLE:
                out[key] = [*sorted(int(v) for v in value)]
            else:
                out[key] = str(value).strip()
        return out


class SessionForm(forms.ModelForm[ListeningSession]):
    interpretation_languages = forms.MultipleChoiceField(
        label=_("Interpretation into"),
        required=False,
        choices=ui_language_choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ListeningSession
        fields = [
            "kind",
            "title",
            "starts_at",
            "place",
            "interpretation_languages",
            "childcare",
            "transport",
            "accessible_venue",
            "evening_or_weekend",
        ]
        widgets = {"starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}


class RecordSessionForm(forms.Form):
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    barriers = forms.MultipleChoiceField(
        label=_("Barriers heard"), required=False, choices=Barrier.choices, widget=forms.CheckboxSelectMultiple
    )
    needs = forms.MultipleChoiceField(
        label=_("Needs heard"), required=False, choices=NeedCategory.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, data: FormData | None = None, files: FormFiles | None = None, **kwargs: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, files, **kwargs)
        for code, label in AttendeeGroup.choices:
            self.fields[f"attended_{code}"] = forms.IntegerField(
                label=_("Attended: %(group)s") % {"group": label}, required=False, min_value=0, max_value=10000
            )
        # Attendance first, in the order of the groups.
        order = [f"attended_{c}" for c in AttendeeGroup.values] + ["notes", "barriers", "needs"]
        self.order_fields(order)

    def attendance(self) -> dict[str, int]:
        return {c: int(self.cleaned_data.get(f"attended_{c}") or 0) for c in AttendeeGroup.values}


class ThemeForm(forms.Form):
    title = forms.CharField(label=_("Theme"), max_length=200, help_text=_("What people said, in a short sentence."))
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    barriers = forms.MultipleChoiceField(
        label=_("Barriers"), required=False, choices=Barrier.choices, widget=forms.CheckboxSelectMultiple
    )
