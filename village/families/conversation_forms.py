"""Forms of conversations with families: staff start one (a family of the school, a subject, a
message in the language they write in), anyone in it writes a message, and staff write to a group
of families (one subject and message per language)."""

from __future__ import annotations

from typing import Unpack

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from village.lib.forms import FormData, FormOptions
from village.lib.languages import language_label, ui_language_choices


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class StaffMessageForm(MessageForm):
    language = forms.ChoiceField(label=_("Language you write in"), choices=ui_language_choices)


class NewConversationForm(StaffMessageForm):
    household = forms.TypedChoiceField(label=_("Family"), coerce=int)
    subject = forms.CharField(label=_("Subject"), max_length=200)

    field_order = ["household", "subject", "body", "language"]

    def __init__(
        self, data: FormData | None = None, *, families: list[tuple[int, str]], **options: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, **options)
        household = self.fields["household"]
        assert isinstance(household, forms.TypedChoiceField)
        household.choices = families


class GroupMessageForm(forms.Form):
    """A message to a group of the school's families: the group, the language the author writes
    in, and a subject and a message per language (each optional here; the action says what is
    missing). `token` is the form's one-time token: posted twice, it sends once."""

    group = forms.ChoiceField(label=_("Families"))
    language = forms.ChoiceField(label=_("Language you write in"), choices=ui_language_choices)
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(
        self,
        data: FormData | None = None,
        *,
        groups: list[tuple[str, str]],
        languages: tuple[str, ...],
        **options: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, **options)
        group = self.fields["group"]
        assert isinstance(group, forms.ChoiceField)
        group.choices = groups
        self.languages = languages
        for code in languages:
            direction = "rtl" if translation.get_language_info(code)["bidi"] else "ltr"
            attrs = {"lang": code, "dir": direction}
            self.fields[f"subject_{code}"] = forms.CharField(
                label=_("Subject"), required=False, max_length=200, widget=forms.TextInput(attrs=attrs)
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Message"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 4, **attrs}),
            )

    def per_language(self) -> list[tuple[str, str, forms.BoundField, forms.BoundField]]:
        """(language, its name, its subject field, its message field), for the page's fieldsets."""
        return [(code, language_label(code), self[f"subject_{code}"], self[f"body_{code}"]) for code in self.languages]
