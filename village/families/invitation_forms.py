"""Forms of family accounts: staff inviting and linking families, and a family claiming its account."""

from __future__ import annotations

from typing import Unpack

from django import forms
from django.utils.translation import gettext_lazy as _

from village.families.models import InvitationChannel, Relationship
from village.lib.codes import looks_like_claim_code, normalize
from village.lib.forms import FormData, FormFiles, FormOptions
from village.lib.languages import ui_language_choices


class InviteForm(forms.Form):
    """One guardian: the channel comes from the button pressed, the language from the select."""

    channel = forms.ChoiceField(choices=InvitationChannel.choices)
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=ui_language_choices)


class LinkMemberForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    name = forms.CharField(label=_("Full name"), max_length=200)
    relationship = forms.ChoiceField(label=_("Relationship to the children"), choices=Relationship.choices)
    language = forms.ChoiceField(
        label=_("Their language"),
        choices=ui_language_choices,
        help_text=_("For a new account: the language of its pages and messages."),
    )


class FamilyFilterForm(forms.Form):
    SHOW = (
        ("no_account", _("No account yet")),
        ("invited", _("Invited, not claimed yet")),
        ("linked", _("Has an account")),
        ("all", _("All families")),
    )
    show = forms.ChoiceField(label=_("Show"), choices=SHOW, required=False)
    q = forms.CharField(label=_("Search by family or child's name"), required=False, max_length=100)


class BatchForm(forms.Form):
    """Invite the chosen families (`households`), or every family the list shows (`everyone`)."""

    households = forms.TypedMultipleChoiceField(coerce=int, required=False)
    everyone = forms.BooleanField(required=False)
    letters = forms.BooleanField(
        label=_("Print letters for families with no email address"),
        required=False,
        initial=True,
        help_text=_(
            "Letters go home with the child. Families with only a phone number get a letter too: "
            "text messages are not available yet."
        ),
    )

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        choices: list[int],
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        field = self.fields["households"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(pk, str(pk)) for pk in choices]


class ClaimCodeForm(forms.Form):
    code = forms.CharField(
        label=_("The code on your letter"),
        max_length=40,
        help_text=_("12 letters and numbers, for example K7Q4-M9XP-3DRT."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "dir": "ltr"}),
    )

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"])
        if not looks_like_claim_code(code):
            raise forms.ValidationError(_("This is not a code from a Village letter. Check it and type it again."))
        return normalize(code)


class ProofForm(forms.Form):
    proof = forms.CharField(
        label=_("The code we emailed you"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr", "size": "8"}
        ),
    )


class LetterClaimForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("You will sign in with it next time: Village emails you a short code, so you need no password."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
