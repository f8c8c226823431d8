"""The one page where staff translate what people wrote (proposals, themes, indicator names...).

Each app names the texts of an object (`Text`), checks who may translate it (its access.py) and
saves through its own action; this module builds the form, the per-language state and the page,
so every translatable thing is translated the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Unpack

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from village.lib.forms import FormData, FormFiles, FormOptions
from village.lib.languages import language_name
from village.lib.translation import direction, required_languages, text_in

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


@dataclass(frozen=True)
class Text:
    """One translatable text of an object: its field name, label and stored content."""

    name: str
    label: str | StrPromise
    value: Mapping[str, str]
    multiline: bool = False
    max_length: int | None = None


@dataclass(frozen=True)
class LanguageState:
    """Where one required language stands for an object: which texts still have no translation."""

    code: str
    name: str
    missing: list[str]
    url: str

    @property
    def complete(self) -> bool:
        return not self.missing


def language_states(texts: Sequence[Text], source_language: str, url: Callable[[str], str]) -> list[LanguageState]:
    """Each required language other than the one the texts are written in, with what it lacks."""
    present = [t for t in texts if text_in(t.value, source_language).strip()]
    return [
        LanguageState(
            code,
            language_name(code),
            [str(t.label) for t in present if not text_in(t.value, code).strip()],
            url(code),
        )
        for code in required_languages()
        if code != source_language
    ]


class TranslationForm(forms.Form):
    """One field per text that has an original, in the language being translated into."""

    def __init__(
        self,
        data: FormData | None = None,
        files: FormFiles | None = None,
        *,
        texts: Sequence[Text],
        source_language: str,
        language: str,
        **options: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, files, **options)
        attrs = {"lang": language, "dir": direction(language)}
        self.originals: dict[str, str] = {}
        for t in texts:
            original = text_in(t.value, source_language)
            if not original.strip():
                continue
            self.originals[t.name] = original
            widget = forms.Textarea(attrs={"rows": 4, **attrs}) if t.multiline else forms.TextInput(attrs=attrs)
            self.fields[t.name] = forms.CharField(
                label=t.label,
                initial=text_in(t.value, language),
                required=False,
                strip=True,
                max_length=t.max_length,
                widget=widget,
            )

    def rows(self) -> list[tuple[forms.BoundField, str]]:
        """Each field with the original it translates."""
        return [(self[name], original) for name, original in self.originals.items()]


def translation_page(
    request: HttpRequest,
    *,
    heading: str,
    texts: Sequence[Text],
    source_language: str,
    language: str,
    save: Callable[[dict[str, str]], None],
    back: str,
) -> HttpResponse:
    """GET: the texts to translate into `language`, with their originals. POST: save through the
    owner's action (`save`), then go `back`. An unknown language, or the source language, is 404."""
    if language not in required_languages() or language == source_language:
        raise Http404
    form = TranslationForm(request.POST or None, texts=texts, source_language=source_language, language=language)
    if request.method == "POST" and form.is_valid():
        try:
            save({name: str(form.cleaned_data.get(name, "")) for name in form.fields})
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The translation was saved."))
            return redirect(back)
    return render(
        request,
        "lib/translate.html",
        {
            "heading": heading,
            "form": form,
            "language": language,
            "language_name": language_name(language),
            "source_language": source_language,
            "source_language_name": language_name(source_language),
            "source_dir": direction(source_language),
            "back": back,
        },
    )
