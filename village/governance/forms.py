from __future__ import annotations

import datetime
from typing import Unpack

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from village.governance.models import (
    Bylaws,
    CouncilKind,
    CouncilMember,
    FollowUpStatus,
    Proposal,
    SeatType,
    VotingMethod,
)
from village.lib.forms import FormData, FormFiles, FormOptions
from village.lib.languages import language_choices
from village.lib.translation import plain_text
from village.orgs.models import Organization
from village.voice.models import Theme

EQUITY_GOAL_REQUIRED = _("Say which equity goal this proposal serves: who is not yet served well, and how this helps.")


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class CouncilForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of council"), choices=CouncilKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)


class _OrganizationChoice(forms.ModelChoiceField[Organization]):
    def label_from_instance(self, obj: Organization) -> str:
        return f"{obj.name} · {obj.get_partner_type_display()}"


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("Email address of their Village account"))
    seat_type = forms.ChoiceField(label=_("Seat"), choices=SeatType.choices)
    organization = _OrganizationChoice(
        label=_("Partner organization (for a partner seat)"), queryset=Organization.objects.none(), required=False
    )
    term_start = forms.DateField(label=_("Term starts"), widget=DateInput)
    term_end = forms.DateField(label=_("Term ends"), widget=DateInput, required=False)

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        region_id: int,
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.filter(region_id=region_id).order_by("name")


class BylawsForm(forms.Form):
    text = forms.CharField(label=_("Text of the bylaws"), widget=forms.Textarea(attrs={"rows": 8}))
    voting_method = forms.ChoiceField(
        label=_("How the council decides"), choices=VotingMethod.choices, widget=forms.RadioSelect
    )
    quorum_fraction = forms.DecimalField(
        label=_("Quorum as a share of members"),
        required=False,
        min_value=0,
        max_value=1,
        decimal_places=2,
        help_text=_("For example 0.5 for half of the members serving. Leave empty to use a number."),
    )
    quorum_count = forms.IntegerField(label=_("Quorum as a number of members"), required=False, min_value=1)
    rotation_months = forms.IntegerField(label=_("Co-chairs rotate every (months)"), min_value=1, initial=6)
    rotation_seats = forms.MultipleChoiceField(
        label=_("Seats whose members take turns as co-chairs"),
        choices=SeatType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    rotation_start = forms.DateField(label=_("Rotation starts"), widget=DateInput)


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), max_length=300)
    interpretation = forms.MultipleChoiceField(
        label=_("Interpretation into"), choices=language_choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    childcare = forms.BooleanField(label=_("Childcare provided"), required=False)
    transport = forms.BooleanField(label=_("Transport provided"), required=False)
    accessible_venue = forms.BooleanField(label=_("Accessible venue (step-free, accessible restroom)"), required=False)


class _ProposalChoice(forms.ModelChoiceField[Proposal]):
    def label_from_instance(self, obj: Proposal) -> str:
        return plain_text(obj.title, obj.source_language)


class AgendaForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=300)
    proposal = _ProposalChoice(label=_("Proposal to discuss"), queryset=Proposal.objects.none(), required=False)

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        council_id: int,
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        field = self.fields["proposal"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Proposal.objects.filter(council_id=council_id)


class _MemberChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: CouncilMember) -> str:
        return f"{obj.user} · {obj.get_seat_type_display()}"


class RecordMeetingForm(forms.Form):
    attendees = _MemberChoice(
        label=_("Members present"),
        queryset=CouncilMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 6}), required=False)

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        members: QuerySet[CouncilMember],
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        field = self.fields["attendees"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = members


class _BylawsChoice(forms.ModelChoiceField[Bylaws]):
    def label_from_instance(self, obj: Bylaws) -> str:
        return str(obj)


class _ThemeChoice(forms.ModelMultipleChoiceField[Theme]):
    def label_from_instance(self, obj: Theme) -> str:
        return plain_text(obj.title, obj.source_language)


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    what = forms.CharField(label=_("What the council would do"), widget=forms.Textarea(attrs={"rows": 4}))
    why = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}))
    equity_goal = forms.CharField(
        label=_("Equity goal it serves"),
        help_text=_("Who is not yet served well, and how this proposal helps them."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": EQUITY_GOAL_REQUIRED},
    )
    timeline = forms.CharField(label=_("Timeline"), max_length=300)
    responsible = forms.CharField(label=_("Responsible people"), max_length=300)
    themes = _ThemeChoice(
        label=_("What families and students said that this answers"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    bylaws = _BylawsChoice(
        label=_("Bylaws this proposal would adopt"),
        queryset=Bylaws.objects.none(),
        required=False,
        help_text=_("Only for a proposal to adopt a draft of the bylaws."),
    )

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        themes: QuerySet[Theme],
        drafts: QuerySet[Bylaws],
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        field = self.fields["themes"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = themes
        bylaws = self.fields["bylaws"]
        assert isinstance(bylaws, forms.ModelChoiceField)
        bylaws.queryset = drafts


class ResourceForm(forms.Form):
    what = forms.CharField(label=_("Resource committed"), max_length=300)
    from_whom = forms.CharField(label=_("Committed by"), max_length=200)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))
    amendment = forms.CharField(
        label=_("Amendment: a new wording of what the council would do (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class VotingForm(forms.Form):
    opens_at = forms.DateTimeField(label=_("Voting opens"), widget=DateTimeInput())
    closes_at = forms.DateTimeField(label=_("Voting closes"), widget=DateTimeInput())
    anonymous = forms.BooleanField(
        label=_("Anonymous voting"),
        required=False,
        help_text=_("Ballots are kept apart from who voted: nobody, not even staff, can see how a member voted."),
    )

    def __init__(
        self, data: FormData | None = None, files: FormFiles | None = None, **kwargs: Unpack[FormOptions]
    ) -> None:
        now = timezone.localtime()
        kwargs.setdefault("initial", {"opens_at": now, "closes_at": now + datetime.timedelta(days=7)})
        super().__init__(data, files, **kwargs)


class ExtendVotingForm(forms.Form):
    closes_at = forms.DateTimeField(label=_("Voting now closes"), widget=DateTimeInput())

    def __init__(
        self, data: FormData | None = None, files: FormFiles | None = None, **kwargs: Unpack[FormOptions]
    ) -> None:
        kwargs.setdefault("initial", {"closes_at": timezone.localtime() + datetime.timedelta(days=7)})
        super().__init__(data, files, **kwargs)


class VoteForm(forms.Form):
    choice = forms.ChoiceField(label=_("Your vote"), widget=forms.RadioSelect, choices=[])
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required with an objection."),
    )

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        choices: list[tuple[str, str]],
        **kwargs: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **kwargs)
        field = self.fields["choice"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=FollowUpStatus.choices)
    text = forms.CharField(label=_("What has been done"), widget=forms.Textarea(attrs={"rows": 3}))
