"""Typed parameters for forms that add keyword parameters of their own to Django's.

A form taking `district=` spells its constructor `(data=None, files=None, *, district, **options)`,
with `options: Unpack[FormOptions]` (or `ModelFormOptions[M]`), instead of untyped `*args` and `**kwargs`.
"""

from collections.abc import Mapping, MutableMapping
from typing import Any, TypedDict

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Model
from django.forms import Select
from django.forms.renderers import BaseRenderer
from django.forms.utils import ErrorList
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext

from village.lib.imports import megabytes

type FormData = Mapping[str, object]
type FormFiles = MultiValueDict[str, UploadedFile[bytes]]


class FormOptions(TypedDict, total=False):
    """Django's keyword arguments shared by `Form` and `ModelForm`, after `data` and `files`."""

    auto_id: bool | str
    prefix: str | None
    initial: MutableMapping[str, object]
    error_class: type[ErrorList]
    label_suffix: str | None
    empty_permitted: bool
    use_required_attribute: bool | None
    renderer: BaseRenderer | None


class ModelFormOptions[M: Model](FormOptions, total=False):
    instance: M | None


class LanguageSelect(Select):
    """A select of interface languages, each named in itself and marked with its language, so a
    screen reader says "English" in English on an Arabic page."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(*args, **kwargs)
        if option["value"]:
            option["attrs"]["lang"] = str(option["value"])
        return option


class UploadField(forms.FileField):
    """A file field that refuses, before anything reads it, an upload over `VILLAGE_UPLOAD_MAX_MB`."""

    def clean(self, data: object, initial: object = None) -> object:
        upload = super().clean(data, initial)
        limit = settings.VILLAGE_UPLOAD_MAX_MB * 1024 * 1024
        if isinstance(upload, UploadedFile) and upload.size is not None and upload.size > limit:
            raise forms.ValidationError(
                gettext("%(file)s is %(size)s MB; the most Village reads from one file is %(limit)s MB.")
                % {"file": upload.name, "size": megabytes(upload.size), "limit": megabytes(limit)},
                code="too_large",
            )
        return upload


def errors_to_form(form: forms.BaseForm, exc: ValidationError) -> None:
    """An action's refusal shown on the form: each error under its field, the rest at the top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(name if name in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)
