"""A family member's own mobile number for texts: type it (or confirm the school's), get a code by
text, type the code back. One page, three buttons (send the code, confirm, remove)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from village.accounts.http import AuthenticatedHttpRequest
from village.families.access import access_household
from village.families.actions.mobile import confirm_mobile, forget_mobile, member_of, request_mobile_code
from village.families.contact import number_for
from village.lib.forms import errors_to_form


class NumberForm(forms.Form):
    number = forms.CharField(
        label=gettext_lazy("Mobile number"),
        max_length=40,
        help_text=gettext_lazy("With the area code, for example (612) 555-0123."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel", "dir": "ltr"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the text"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "dir": "ltr"}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def mobile(request: AuthenticatedHttpRequest) -> HttpResponse:
    access_household(request.user)
    member = member_of(request.user)
    if member is None:
        raise Http404
    current = number_for(member)
    number_form = NumberForm(request.POST if request.POST.get("step") == "send" else None, initial={"number": current})
    code_form = CodeForm(request.POST if request.POST.get("step") == "confirm" else None)
    step = request.POST.get("step")
    try:
        if step == "send" and number_form.is_valid():
            sent_to = request_mobile_code(member, number_form.cleaned_data["number"])
            messages.success(request, _("We sent a code by text to %(number)s.") % {"number": sent_to})
            return redirect("families:mobile")
        if step == "confirm" and code_form.is_valid():
            confirmed = confirm_mobile(member, code_form.cleaned_data["code"])
            messages.success(request, _("Village will text you at %(number)s.") % {"number": confirmed})
            return redirect("families:mobile")
        if step == "remove":
            forget_mobile(member)
            messages.success(request, _("Your own number was removed."))
            return redirect("families:mobile")
    except ValidationError as exc:
        errors_to_form(number_form if step == "send" else code_form, exc)
    member.refresh_from_db()
    return render(
        request,
        "families/mobile.html",
        {
            "member": member,
            "current": number_for(member),
            "own": bool(member.mobile),
            "number_form": number_form,
            "code_form": code_form,
        },
    )
