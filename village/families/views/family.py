"""A family's own pages: profile, and the privacy page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from village.accounts.http import AuthenticatedHttpRequest, PublicHttpRequest
from village.families import actions
from village.families.access import access_household, children_for
from village.families.forms import ProfileForm, WindowFormSet
from village.families.queries import common_home_languages, profile_for
from village.lib.languages import closest_ui_language, language_name


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    household = access_household(request.user)
    instance = profile_for(household)
    form = ProfileForm(
        request.POST or None,
        instance=instance,
        common_languages=common_home_languages(household.district_id),
        region_id=household.district.region_id,
    )
    windows = WindowFormSet(request.POST or None, profile=instance, prefix="windows")
    if request.method == "POST" and form.is_valid() and windows.is_valid():
        actions.save_profile(request.user, form.save(commit=False), form.changed_data, window_changes=windows.changes())
        messages.success(request, _("Your family profile was saved."))
        return redirect("families:profile")
    code = form["preferred_language"].value() or instance.preferred_language
    ui_language, exact = closest_ui_language(code) if code else ("", True)
    return render(
        request,
        "families/profile.html",
        {
            "household": household,
            "form": form,
            "windows": windows,
            "members": household.members.select_related("user"),
            "children": children_for(request.user).filter(household=household),
            "language_name": language_name(code) if code else "",
            "ui_language_name": language_name(ui_language) if ui_language else "",
            "ui_language_exact": exact,
        },
    )


def privacy(request: PublicHttpRequest) -> HttpResponse:
    """What Village keeps about a family, who sees it, and what it never asks for. Open to everyone."""
    return render(request, "families/privacy.html")
