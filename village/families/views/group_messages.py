"""Messages to a group of a school's families, one subject and message per language: write one
(seeing, before sending, how many families read each language and which translations are
written), send it, and read what was sent with its per-language counts.

A group message carries no student information, so it needs no consent; the counts are for
staff only. Families read what reached them on their messages page, in their own language."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from village.accounts.http import AuthenticatedHttpRequest
from village.families import group_messages
from village.families.access import access_group_message, access_school_for
from village.families.actions import Text, send_group_message
from village.families.conversation_forms import GroupMessageForm
from village.families.group_messages import ALL, Group
from village.families.models import GroupMessage
from village.lib.forms import errors_to_form
from village.lib.languages import language_label

SEND_ALL = "all"  # only when every language of the group has a translation
SEND_READY = "ready"  # to the families whose language is ready; the others are listed


@login_required
@require_http_methods(["GET", "POST"])
def school_group_messages(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school = access_school_for(request.user, pk, "families.write_to_families")
    languages = group_messages.supported()
    initial: dict[str, object] = {
        "group": request.GET.get("group", ALL),
        "language": request.LANGUAGE_CODE if request.LANGUAGE_CODE in languages else languages[0],
        "token": secrets.token_hex(16),
    }
    form = GroupMessageForm(
        request.POST or None, groups=group_messages.group_choices(school), languages=languages, initial=initial
    )
    data = form.data if form.is_bound else {}
    group = Group.parse(str(data.get("group") or initial["group"])) or Group(ALL)
    send = request.POST.get("send", "")
    if request.method == "POST" and form.is_valid() and send in (SEND_ALL, SEND_READY):
        texts = {
            code: Text(form.cleaned_data[f"subject_{code}"], form.cleaned_data[f"body_{code}"]) for code in languages
        }
        try:
            message, sent_now = send_group_message(
                request.user,
                school,
                group,
                texts,
                form.cleaned_data["language"],
                token=form.cleaned_data["token"],
                only_ready=send == SEND_READY,
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            if sent_now:
                messages.success(request, _("Your message was sent to the families whose language is ready."))
            else:
                messages.info(request, _("This message had been sent already: it was not sent again."))
            return redirect("families:group_message", pk=message.pk)
    written = {
        code
        for code in languages
        if str(data.get(f"subject_{code}", "")).strip() and str(data.get(f"body_{code}", "")).strip()
    }
    counts = group_messages.families_by_language(group_messages.recipients(school, group))
    return render(
        request,
        "families/group_messages.html",
        {
            "school": school,
            "form": form,
            "group_label": group.label(),
            "rows": [(code, language_label(code), n, code in written) for code, n in counts.items()],
            "sent": [(m, group_messages.label_of(m), _per_language(m)) for m in group_messages.for_school(school)],
        },
    )


def _per_language(message: GroupMessage) -> list[tuple[str, int, int]]:
    """(language, families who got it, families who did not), for each language of the group."""
    codes = [*message.sent_counts, *(c for c in message.not_sent_counts if c not in message.sent_counts)]
    return [
        (language_label(c), int(message.sent_counts.get(c, 0)), int(message.not_sent_counts.get(c, 0))) for c in codes
    ]


@login_required
def group_message(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """What was sent to the group: in which languages, and which languages' families did not get it."""
    message = access_group_message(request.user, pk)
    return render(
        request,
        "families/group_message.html",
        {
            "message": message,
            "group_label": group_messages.label_of(message),
            "per_language": _per_language(message),
            "not_sent": [(language_label(c), n) for c, n in message.not_sent_counts.items()],
            "texts": [(c, language_label(c), t) for c, t in message.texts.items()],
        },
    )
