"""Asking a family for consent, and the family's answer to that request."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from village.families.forms import ConsentForm
from village.families.models import Need
from village.families.vocab import DataElement
from village.referrals.models import DECLINE_REASON_MAX, ConsentRequest

AUTOMATIC = "automatic"
ON_CLICK = "on_click"


def default_end() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=365)


class ConsentRequestForm(forms.Form):
    """The referrer's request: what the partner needs (carried from the referral form), until when,
    and whether the referral goes as soon as the family agrees."""

    elements = forms.MultipleChoiceField(
        choices=DataElement.choices,
        widget=forms.MultipleHiddenInput,
        error_messages={"required": _("Choose the information the partner needs.")},
    )
    need = forms.CharField(widget=forms.HiddenInput, required=False)
    submission_key = forms.CharField(widget=forms.HiddenInput)
    # Both optional: asked from the referral form itself (where neither is shown), the request
    # lasts a year and sends the referral as soon as the family agrees.
    valid_until = forms.DateField(
        label=_("The consent would last until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The family sees this date and may choose an earlier one."),
        required=False,
    )
    send = forms.ChoiceField(
        label=_("When the family agrees"),
        choices=[
            (AUTOMATIC, _("Send the referral at once")),
            (ON_CLICK, _("Let me send the referral myself, with one click")),
        ],
        initial=AUTOMATIC,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("valid_until", default_end())
        kwargs["initial"].setdefault("submission_key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)

    def clean_send(self) -> str:
        return str(self.cleaned_data.get("send") or AUTOMATIC)

    def clean_valid_until(self) -> datetime.date:
        value: datetime.date | None = self.cleaned_data.get("valid_until")
        if value is None:
            return default_end()
        if value < timezone.localdate():
            raise forms.ValidationError(_("The end date is in the past. Choose today or a later date."))
        return value


def ask_form(elements: list[str], need: Need | None) -> ConsentRequestForm:
    """The request form offered when a referral finds no consent, carrying what the referral named."""
    return ConsentRequestForm(initial={"elements": elements, "need": need.pk if need is not None else ""})


class AnswerForm(ConsentForm):
    """The family signs the consent a request asked for. The partner and the purpose are the
    request's; the family may share fewer elements, until an earlier date."""

    def __init__(self, *args: Any, consent_request: ConsentRequest, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("elements", list(consent_request.elements))
        kwargs["initial"].setdefault("valid_until", consent_request.valid_until or default_end())
        super().__init__(*args, student=consent_request.student, **kwargs)
        for name in ("recipient", "purpose", "purpose_detail"):
            del self.fields[name]
        elements = self.fields["elements"]
        assert isinstance(elements, forms.MultipleChoiceField)
        elements.label = _("What the partner may receive (untick what you do not want to share)")
        elements.choices = [(v, label) for v, label in DataElement.choices if v in consent_request.elements]
        self.consent_request = consent_request

    def clean_valid_until(self) -> datetime.date:
        value = super().clean_valid_until()
        asked = self.consent_request.valid_until
        if asked is not None and value > asked:
            raise forms.ValidationError(_("Choose a date no later than the one the school asked for."))
        return value


class DeclineForm(forms.Form):
    """The family says no, and may say why (the school reads it)."""

    reason = forms.CharField(
        label=_("Why not? (you do not have to say)"),
        help_text=_("The school will read what you write here."),
        required=False,
        max_length=DECLINE_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
