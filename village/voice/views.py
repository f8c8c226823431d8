"""Surveys, the public answer page, listening sessions and the barrier dashboard (thin views)."""

from __future__ import annotations

import qrcode  # type: ignore[import-untyped]
import qrcode.image.svg  # type: ignore[import-untyped]
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from village.accounts.http import AuthenticatedHttpRequest
from village.families.groups import GROUPS
from village.families.vocab import Barrier
from village.lib.forms import errors_to_form
from village.lib.languages import language_label, language_name
from village.lib.links import absolute_reverse
from village.lib.suppression import small_n
from village.lib.translation_page import LanguageState, Text, language_states, translation_page
from village.voice import actions
from village.voice.access import (
    access_question,
    access_session,
    access_survey,
    access_theme,
    access_voice_school,
    count_answer,
    invitation_usable,
    over_answer_limit,
    require_respondent,
    survey_by_token,
    themes_for,
)
from village.voice.barriers import dashboard, event_attendance
from village.voice.forms import (
    QuestionForm,
    RecordSessionForm,
    RespondForm,
    SessionForm,
    SurveyForm,
    ThemeForm,
    TranslateForm,
)
from village.voice.models import AttendeeGroup, ListeningSession, Survey, SurveyStatus, Theme
from village.voice.results import OTHER, Column, figures, group_columns, groups_apply, results
from village.voice.surveys import LANGUAGE_NAMES, ready_languages, translation_state


@login_required
def school_voice(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school = access_voice_school(request.user, pk)
    surveys = Survey.objects.filter(school=school)
    return render(
        request,
        "voice/school.html",
        {
            "school": school,
            "surveys": surveys,
            "sessions": ListeningSession.objects.filter(school=school),
            "themes": [(t, _theme_states(t)) for t in themes_for(school)],
        },
    )


def _theme_texts(theme: Theme) -> list[Text]:
    return [
        Text("title", _("Theme"), theme.title, max_length=200),
        Text("summary", _("Summary"), theme.summary, multiline=True),
    ]


def _theme_states(theme: Theme) -> list[LanguageState]:
    return language_states(
        _theme_texts(theme),
        theme.source_language,
        lambda code: reverse("voice:theme_translate", kwargs={"pk": theme.pk, "language": code}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def theme_translate(request: AuthenticatedHttpRequest, pk: int, language: str) -> HttpResponse:
    theme = access_theme(request.user, pk)
    back = reverse("voice:school", kwargs={"pk": theme.school_id}) if theme.school_id else reverse("home")
    return translation_page(
        request,
        heading=str(theme),
        texts=_theme_texts(theme),
        source_language=theme.source_language,
        language=language,
        save=lambda texts: actions.translate_theme(request.user, theme, language, texts),
        back=back,
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school = access_voice_school(request.user, pk)
    language = translation.get_language() or settings.LANGUAGE_CODE
    form = SurveyForm(
        request.POST or None,
        initial={"source_language": language, "languages": [c for c, _n in settings.LANGUAGES], "anonymous": True},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = actions.create_survey(
                request.user,
                school,
                title=data["title"],
                intro=data["intro"],
                source_language=data["source_language"],
                languages=data["languages"],
                audience=data["audience"],
                grade=data["grade"],
                anonymous=data["anonymous"],
                invited_only=data["invited_only"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The survey was created. Add its questions."))
            return redirect("voice:survey", pk=survey.pk)
    return render(request, "voice/survey_new.html", {"school": school, "form": form})


def _qr_svg(link: str) -> str:
    image = qrcode.make(link, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10)
    svg: str = image.to_string(encoding="unicode")
    # The link is printed beside it, so the picture is decoration for screen readers.
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


@login_required
def survey_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = access_survey(request.user, pk)
    questions = list(survey.questions.all())
    link = absolute_reverse("voice:respond", token=survey.token)
    return render(
        request,
        "voice/survey.html",
        {
            "survey": survey,
            "questions": questions,
            "state": translation_state(survey, questions),
            "link": link,
            "qr": _qr_svg(link) if survey.status == SurveyStatus.OPEN else "",
            "responses": survey.responses.count(),
            "themes": survey.themes.all(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = access_survey(request.user, pk)
    if survey.status != SurveyStatus.DRAFT:
        messages.error(request, _("This survey is no longer a draft: its questions cannot change."))
        return redirect("voice:survey", pk=survey.pk)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_question(
                request.user,
                survey,
                kind=data["kind"],
                text=data["text"],
                options=data["options"].splitlines(),
                required=data["required"],
                barrier=data["barrier"],
                barrier_option=data["barrier_option"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The question was added."))
            return redirect("voice:survey", pk=survey.pk)
    return render(request, "voice/question_add.html", {"survey": survey, "form": form})


@login_required
@require_POST
def question_remove(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    survey = access_survey(request.user, pk)
    question = access_question(survey, question_pk)
    try:
        actions.remove_question(request.user, question)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The question was removed."))
    return redirect("voice:survey", pk=survey.pk)


@login_required
@require_http_methods(["GET", "POST"])
def translate(request: AuthenticatedHttpRequest, pk: int, language: str) -> HttpResponse:
    survey = access_survey(request.user, pk)
    if language not in LANGUAGE_NAMES or language == survey.source_language:
        raise Http404
    questions = list(survey.questions.all())
    form = TranslateForm(request.POST or None, survey=survey, questions=questions, language=language)
    if request.method == "POST" and form.is_valid():
        try:
            actions.translate_survey(request.user, survey, language, form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("The translation was saved."))
            return redirect("voice:survey", pk=survey.pk)
    return render(
        request,
        "voice/translate.html",
        {"survey": survey, "form": form, "language": language, "language_name": language_name(language)},
    )


def _survey_step(request: AuthenticatedHttpRequest, pk: int, step: str) -> HttpResponse:
    survey = access_survey(request.user, pk)
    try:
        if step == "open":
            actions.open_survey(request.user, survey)
            messages.success(request, _("The survey is open for answers."))
        elif step == "close":
            actions.close_survey(request.user, survey)
            messages.success(request, _("The survey is closed. No more answers are taken."))
        else:
            link = absolute_reverse("voice:respond", token=survey.token)
            count = actions.send_survey(request.user, survey, link)
            messages.success(
                request, _("The survey was sent to %(count)s people, each in their language.") % {"count": count}
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("voice:survey", pk=survey.pk)


@login_required
@require_POST
def survey_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _survey_step(request, pk, "open")


@login_required
@require_POST
def survey_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _survey_step(request, pk, "close")


@login_required
@require_POST
def survey_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _survey_step(request, pk, "send")


@login_required
def survey_results(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = access_survey(request.user, pk)
    language = translation.get_language() or settings.LANGUAGE_CODE
    view_language = language if language in survey.languages else survey.source_language
    fig = figures(survey)
    by = request.GET.get("by", "")
    if by not in ("language", "group") or (by == "group" and not groups_apply(survey)):
        by = ""
    only_key = request.GET.get("only", "")
    only: Column | None = None
    merged = False  # a language shown only within "Other languages" (or only within everyone)
    if only_key:
        candidates = {c.key: c for c in fig.slices + group_columns(survey, fig.responses)}
        only = candidates.get(only_key)
        merged = only is None and only_key in survey.languages
        if only is None and not merged:
            raise Http404
    n = small_n()
    group = only is not None and only.key not in {c.key for c in fig.slices}
    group_small = group and only is not None and only.n < n
    group_most = group and only is not None and not group_small and len(fig.responses) - only.n < n
    too_few = fig.too_few or group_small or group_most or merged
    groups: list[tuple[str, str]] = []
    if groups_apply(survey):
        groups = [(code, str(label)) for code, label, _m in GROUPS]
    other = next((c for c in fig.slices if c.key == OTHER), None)
    return render(
        request,
        "voice/results.html",
        {
            "survey": survey,
            "total": len(fig.responses),
            "n": n,
            "by": by,
            "only": only_key,
            "narrowed": only,
            "group_small": group_small,
            "group_most": group_most,
            "merged": merged,
            "results": [] if too_few else results(fig, view_language, by, only),
            "languages": [(c.key, c.label) for c in fig.slices],
            "other_languages": [language_label(code) for code in other.languages] if other else [],
            "no_breakdown": by == "language" and not fig.slices,
            "groups": groups,
            "too_few": too_few,
            "open_link": survey.anonymous and not survey.invited_only,
        },
    )


@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, token: str) -> HttpResponse:
    """The respondent's page: on a phone, in their language, without an account when anonymous."""
    survey = survey_by_token(token)
    if not survey.anonymous:
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        require_respondent(survey, request.user)
    offered = ready_languages(survey) or [survey.source_language]
    wanted = request.POST.get("language") or request.GET.get("language") or translation.get_language() or ""
    language = wanted if wanted in offered else offered[0]
    questions = list(survey.questions.all())
    invitation = request.POST.get("invitation") or request.GET.get("invitation") or ""
    with translation.override(language):
        form = RespondForm(request.POST or None, questions=questions, language=language)
        context: dict[str, object] = {
            "survey": survey,
            "title": survey.title_in(language),
            "intro": survey.intro_in(language),
            "language": language,
            "languages": [(c, LANGUAGE_NAMES[c]) for c in offered],
            "form": form,
            "closed": survey.status != SurveyStatus.OPEN,
            "rtl": translation.get_language_bidi(),
            "invitation": invitation if survey.invited_only else "",
            "refused": "" if invitation_usable(survey, invitation) else str(actions.USED_INVITATION),
        }
        if context["refused"]:
            return render(request, "voice/respond.html", context, status=403 if request.method == "POST" else 200)
        status = 200
        if request.method == "POST":
            if over_answer_limit(request, survey):
                form.is_valid()  # errors may be added only once the form is cleaned
                form.add_error(
                    None, _("Many answers came from this connection in the last hour. Please try again later.")
                )
                return render(request, "voice/respond.html", context, status=429)
            if form.is_valid():
                try:
                    actions.submit_response(survey, request.user, language, form.answers(), invitation)
                except ValidationError as exc:
                    errors_to_form(form, exc)
                    status = 400
                else:
                    count_answer(request, survey)
                    return render(request, "voice/thanks.html", context)
            else:
                status = 400
        return render(request, "voice/respond.html", context, status=status)


# --- Listening sessions ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school = access_voice_school(request.user, pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        session = actions.schedule_session(request.user, school, **form.cleaned_data)
        messages.success(request, _("The session was scheduled."))
        return redirect("voice:session", pk=session.pk)
    return render(request, "voice/session_new.html", {"school": school, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def session_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = access_session(request.user, pk)
    initial: dict[str, object] = {"notes": session.notes, "barriers": session.barriers, "needs": session.needs}
    initial.update({f"attended_{k}": v for k, v in session.attendance.items()})
    form = RecordSessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_session(
                request.user,
                session,
                attendance=form.attendance(),
                notes=form.cleaned_data["notes"],
                barriers=form.cleaned_data["barriers"],
                needs=form.cleaned_data["needs"],
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("What was heard is recorded."))
            return redirect("voice:session", pk=session.pk)
    groups = dict(AttendeeGroup.choices)
    return render(
        request,
        "voice/session.html",
        {
            "session": session,
            "form": form,
            "attendance": [(groups.get(k, k), v) for k, v in session.attendance.items()],
            "interpretation": [language_name(c) for c in session.interpretation_languages],
            "themes": session.themes.all(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_theme(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = access_session(request.user, pk)
    form = ThemeForm(request.POST or None, initial={"barriers": session.barriers})
    if request.method == "POST" and form.is_valid():
        actions.theme_from_session(request.user, session, **form.cleaned_data, language=translation.get_language())
        messages.success(request, _("The theme was added. Councils can now answer it."))
        return redirect("voice:session", pk=session.pk)
    return render(
        request,
        "voice/theme_new.html",
        {"form": form, "source": session.title, "back": reverse("voice:session", kwargs={"pk": session.pk})},
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_theme(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    survey = access_survey(request.user, pk)
    form = ThemeForm(
        request.POST or None, initial={"barriers": sorted({q.barrier for q in survey.questions.all() if q.barrier})}
    )
    if request.method == "POST" and form.is_valid():
        actions.theme_from_survey(request.user, survey, **form.cleaned_data, language=translation.get_language())
        messages.success(request, _("The theme was added. Councils can now answer it."))
        return redirect("voice:survey", pk=survey.pk)
    return render(
        request,
        "voice/theme_new.html",
        {"form": form, "source": str(survey), "back": reverse("voice:survey", kwargs={"pk": survey.pk})},
    )


@login_required
def barriers(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    school = access_voice_school(request.user, pk)
    return render(
        request,
        "voice/barriers.html",
        {
            "school": school,
            "rows": dashboard(school),
            "events": event_attendance(school),
            "n": small_n(),
            "taxonomy": Barrier.choices,
        },
    )
