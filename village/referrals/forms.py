from __future__ import annotations

import uuid
from typing import Unpack

from django import forms
from django.utils.translation import gettext_lazy as _

from village.directory.models import Service, ServiceStatus
from village.families.models import Need, Student
from village.families.vocab import DataElement, NeedStatus
from village.lib.forms import FormData, FormFiles, FormOptions
from village.referrals.models import NoteVisibility

# What a partner usually needs to contact the family about a referral.
DEFAULT_ELEMENTS = [DataElement.NAME, DataElement.GRADE, DataElement.SCHOOL, DataElement.CONTACT, DataElement.NEEDS]


class ReferForm(forms.Form):
    elements = forms.MultipleChoiceField(
        label=_("Information the partner receives"),
        choices=DataElement.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only what the family's consent covers can be sent."),
        error_messages={"required": _("Choose the information the partner needs.")},
    )
    submission_key = forms.CharField(widget=forms.HiddenInput)

    def __init__(
        self, data: FormData | None = None, files: FormFiles | None = None, **kwargs: Unpack[FormOptions]
    ) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("elements", DEFAULT_ELEMENTS)
        kwargs["initial"].setdefault("submission_key", uuid.uuid4().hex)
        super().__init__(data, files, **kwargs)


class _ServiceChoice(forms.ModelChoiceField[Service]):
    def label_from_instance(self, obj: Service) -> str:
        return f"{obj} · {obj.organization.name}"


class _NeedChoice(forms.ModelChoiceField[Need]):
    def label_from_instance(self, obj: Need) -> str:
        return str(obj.get_category_display())


class QuickReferForm(ReferForm):
    service = _ServiceChoice(
        label=_("Service"),
        queryset=Service.objects.none(),
        error_messages={"invalid_choice": _("Choose an active service from the directory.")},
    )
    need = _NeedChoice(label=_("For which need"), queryset=Need.objects.none(), required=False)
    field_order = ["service", "need", "elements"]

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        student: Student,
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        service = self.fields["service"]
        assert isinstance(service, forms.ModelChoiceField)
        service.queryset = (
            Service.objects.filter(status=ServiceStatus.ACTIVE, organization__region=student.district.region_id)
            .select_related("organization")
            .order_by("organization__name", "id")
        )
        need = self.fields["need"]
        assert isinstance(need, forms.ModelChoiceField)
        need.queryset = Need.objects.filter(student=student, status__in=[NeedStatus.OPEN, NeedStatus.IN_PROGRESS])


class MoveForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))
    visibility = forms.ChoiceField(label=_("Who can read it"), choices=NoteVisibility.choices)


class FeedbackForm(forms.Form):
    got_help = forms.TypedChoiceField(
        label=_("Did your child get the help?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything you want to tell the school"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
