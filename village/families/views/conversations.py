"""Conversations with families: a school's list and "write to a family", one thread (staff and
the family read it and write in it), closing it, and a family's own list (with the messages sent
to groups of families it was in, each in the language it reached them in)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from village.accounts.http import AuthenticatedHttpRequest
from village.families import conversations, group_messages
from village.families.access import access_conversation, access_household, access_school_for
from village.families.conversation_forms import MessageForm, NewConversationForm, StaffMessageForm
from village.families.models import Household
from village.lib.forms import errors_to_form
from village.messaging.actions.conversations import close_conversation, family_reply


def _families(school_pk: int) -> list[tuple[int, str]]:
    """The school's families with someone who signs in (whom a message can reach)."""
    households = (
        Household.objects.filter(
            students__school_id=school_pk, students__status="enrolled", members__user__is_active=True
        )
        .distinct()
        .order_by("name", "pk")
    )
    return [(h.pk, _("The %(name)s family") % {"name": h.name}) for h in households]


@login_required
@require_http_methods(["GET", "POST"])
def school_conversations(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school = access_school_for(request.user, pk, "families.write_to_families")
    families = _families(school.pk)
    form = NewConversationForm(request.POST or None, families=families, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        household = Household.objects.get(pk=form.cleaned_data["household"])
        try:
            conversation = conversations.start(
                request.user,
                school,
                household,
                form.cleaned_data["subject"],
                form.cleaned_data["body"],
                form.cleaned_data["language"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Your message was sent to the family."))
            return redirect("families:conversation", pk=conversation.pk)
    return render(
        request,
        "families/school_conversations.html",
        {"school": school, "form": form, "conversations": conversations.for_school(school)[:100]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def conversation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The thread; staff of the school and the family both write here while it is open."""
    found = access_conversation(request.user, pk)
    staff = request.user.has_perm("families.close_conversation", found)
    form: MessageForm = (
        StaffMessageForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
        if staff
        else MessageForm(request.POST or None)
    )
    if request.method == "POST" and form.is_valid():
        try:
            if staff:
                conversations.write(request.user, found, form.cleaned_data["body"], form.cleaned_data["language"])
            else:
                family_reply(request.user, found, form.cleaned_data["body"], request.LANGUAGE_CODE, channel="web")
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Your message was added to the conversation."))
            return redirect("families:conversation", pk=found.pk)
    return render(
        request,
        "families/conversation.html",
        {
            "conversation": found,
            "thread": conversations.thread(found),
            "form": form,
            "staff": staff,
            "kept": conversations.replies_after_closing(found) if staff else [],
            "kept_emails": conversations.emails_kept(found) if staff else [],
        },
    )


@login_required
@require_POST
def conversation_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = access_conversation(request.user, pk, "families.close_conversation")
    close_conversation(request.user, found)
    messages.success(request, _("The conversation is closed. The family can still read it."))
    return redirect("families:conversation", pk=found.pk)


@login_required
def family_conversations(request: AuthenticatedHttpRequest) -> HttpResponse:
    access_household(request.user)  # a family member's page: 404 to others
    return render(
        request,
        "families/family_conversations.html",
        {
            "conversations": conversations.for_family(request.user)[:100],
            "group_messages": group_messages.for_family(request.user),
        },
    )
