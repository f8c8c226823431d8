"""Forms of conversations with families: staff start one (a family of the school, a subject, a
message in the language they write in), and anyone in it writes a message."""

from __future__ import annotations

from typing import Unpack

from django import forms
from django.utils.translation import gettext_lazy as _

from village.lib.forms import FormData, FormOptions
from village.lib.languages import ui_language_choices


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
