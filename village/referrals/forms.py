from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Unpack

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from village.directory.models import Service, ServiceStatus
from village.families.models import Need, Student
from village.families.vocab import DataElement, NeedCategory, NeedStatus
from village.lib.forms import FormData, FormFiles, FormOptions
from village.referrals.models import NoteVisibility

# What a partner usually needs to contact the family about a referral: what Village offers to
# ask the family for when no consent covers sharing with the partner yet.
DEFAULT_ELEMENTS = [DataElement.NAME, DataElement.GRADE, DataElement.SCHOOL, DataElement.CONTACT, DataElement.NEEDS]


class ReferForm(forms.Form):
    """The information a referral carries. `covered` is what the family's consent for the partner
    covers (None when nothing covers sharing with it yet): it is ticked as served, and ticking
    anything else is refused by name."""

    elements = forms.MultipleChoiceField(
        label=_("Information the partner receives"),
        choices=DataElement.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only what the family's consent covers can be sent."),
        error_messages={"required": _("Choose the information the partner needs.")},
    )
    submission_key = forms.CharField(widget=forms.HiddenInput)

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        covered: Sequence[str] | None = None,
        **kwargs: Unpack[FormOptions],
    ) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("elements", list(covered) if covered is not None else DEFAULT_ELEMENTS)
        kwargs["initial"].setdefault("submission_key", uuid.uuid4().hex)
        super().__init__(data, files, **kwargs)
        self.covered = covered
        if covered is not None:
            self.fields["elements"].help_text = _(
                "What the family's consent covers is ticked. To send anything else, ask the family for consent first."
            )

    def clean_elements(self) -> list[str]:
        chosen: list[str] = self.cleaned_data["elements"]
        if self.covered is None:
            return chosen  # nothing covers it yet: the view offers to ask the family
        labels = dict(DataElement.choices)
        missing = [str(labels[e]) for e in DataElement.values if e in chosen and e not in self.covered]
        if missing:
            raise forms.ValidationError(
                ngettext(
                    "The family's consent does not cover “%(elements)s”. Untick it, or ask the family for "
                    "consent to share it.",
                    "The family's consent does not cover these: %(elements)s. Untick them, or ask the family "
                    "for consent to share them.",
                    len(missing),
                )
                % {"elements": ", ".join(missing)},
                code="not_covered",
            )
        return chosen

    @property
    def asks_for_consent(self) -> bool:
        """Whether the person ticked something the consent does not cover (so asking the family is offered)."""
        return any(e.code == "not_covered" for e in self.errors.as_data().get("elements", []))


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
        covered: Sequence[str] | None = None,
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, covered=covered, **kwargs)
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
        if not self.is_bound and self.initial.get("service") is None:
            self.fields["elements"].help_text = _(
                "Choose the service and send: what the family's consent for its partner covers is then ticked "
                "for you to check."
            )


class MoveForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    """A note on a referral. School staff choose who reads it; a partner's note is always read by
    the school's staff and the partner's own staff (never by the family), so it has no choice."""

    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))
    visibility = forms.ChoiceField(
        label=_("Who can read it"), choices=NoteVisibility.choices, initial=NoteVisibility.SCHOOL
    )

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        for_partner: bool = False,
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        if for_partner:
            del self.fields["visibility"]
            self.fields["text"].help_text = _(
                "Your note is read by the school's staff working on this referral and by your organization's "
                "staff. The family does not see notes."
            )

    @property
    def chosen_visibility(self) -> str:
        return str(self.cleaned_data.get("visibility") or NoteVisibility.SHARED)


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


class AskForm(forms.Form):
    """A family asks the school for a service: for which child, what for (in their own words)."""

    child = forms.TypedChoiceField(
        label=_("For which child?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a child.")},
    )
    category = forms.ChoiceField(label=_("Kind of help"), error_messages={"required": _("Choose a kind of help.")})
    description = forms.CharField(
        label=_("What is it for? (optional)"),
        help_text=_("In your own words, in any language. The school reads it; the partner does not."),
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        max_length=2000,
        required=False,
    )
    submission_key = forms.CharField(widget=forms.HiddenInput)

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        children: Sequence[Student],
        categories: Sequence[str],
        **kwargs: Unpack[FormOptions],
    ) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("submission_key", uuid.uuid4().hex)
        if len(children) == 1:
            kwargs["initial"].setdefault("child", children[0].pk)
        kwargs["initial"].setdefault("category", categories[0])
        super().__init__(data, files, **kwargs)
        child = self.fields["child"]
        assert isinstance(child, forms.TypedChoiceField)
        child.choices = [(c.pk, f"{c.given_name} {c.family_name}") for c in children]
        labels = dict(NeedCategory.choices)
        kind = self.fields["category"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [(c, labels[c]) for c in categories]
        if len(categories) == 1:
            kind.widget = forms.HiddenInput()
