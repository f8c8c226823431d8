"""Read the forms of a served page and what a browser would submit from each, unchanged.

A test posts a form back "exactly as served" with `served_form(page, ...).data`: every
successful control of the HTML form (HTML's "constructing the entry list"), with
- text-like inputs and hidden inputs: their `value` (empty when absent);
- checkboxes and radios: only when `checked`, with their value ("on" when absent);
- selects: each selected option; a single select with none selected submits its first option;
- textareas: their text (the newline right after the start tag is not part of it);
- disabled controls, controls without a name, and buttons: left out, except the form's first
  submit button when it has a name (pressing Enter or clicking it submits it);
- file inputs: left out (a form that uploads a file creates something and is not posted back).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

_NOT_SUBMITTED = {"submit", "button", "reset", "image", "file"}


@dataclass
class ServedForm:
    action: str
    method: str
    data: list[tuple[str, str]] = field(default_factory=list)
    submitter: tuple[str, str] | None = None

    def names(self) -> set[str]:
        return {name for name, _ in self.data}

    def post_data(self) -> dict[str, list[str]]:
        """The entries as the test client's `post(data=...)` takes them: each name with all its values."""
        out: dict[str, list[str]] = {}
        for name, value in [*self.data, *([self.submitter] if self.submitter else [])]:
            out.setdefault(name, []).append(value)
        return out


@dataclass
class _Select:
    name: str
    multiple: bool
    disabled: bool
    options: list[tuple[str, bool]] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[ServedForm] = []
        self._form: ServedForm | None = None
        self._select: _Select | None = None
        self._option: tuple[dict[str, str | None], list[str]] | None = None
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attr_list)
        if tag == "form":
            self._form = ServedForm(action=attrs.get("action") or "", method=(attrs.get("method") or "get").lower())
            self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        name = attrs.get("name")
        disabled = "disabled" in attrs
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind == "submit" and form.submitter is None and name and not disabled:
                form.submitter = (name, attrs.get("value") or "")
            if not name or disabled or kind in _NOT_SUBMITTED:
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    form.data.append((name, attrs.get("value") or "on"))
                return
            form.data.append((name, attrs.get("value") or ""))
        elif tag == "button":
            kind = (attrs.get("type") or "submit").lower()
            if kind == "submit" and form.submitter is None and name and not disabled:
                form.submitter = (name, attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = _Select(name=name, multiple="multiple" in attrs, disabled=disabled)
        elif tag == "option" and self._select is not None:
            self._end_option()  # an option's end tag may be left out
            self._option = (attrs, [])
        elif tag == "textarea" and name and not disabled:
            self._textarea = (name, [])

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option[1].append(data)
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "option":
            self._end_option()
        elif tag == "select" and self._select is not None and self._form is not None:
            self._end_option()
            select, self._select = self._select, None
            if select.disabled or not select.options:
                return
            chosen = [value for value, selected in select.options if selected]
            if not chosen and not select.multiple:
                chosen = [select.options[0][0]]
            if not select.multiple:
                chosen = chosen[-1:]
            self._form.data.extend((select.name, value) for value in chosen)
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            name, parts = self._textarea
            self._textarea = None
            text = "".join(parts)
            self._form.data.append((name, text[1:] if text.startswith("\n") else text))
        elif tag == "form":
            self._form = None

    def _end_option(self) -> None:
        if self._option is None or self._select is None:
            return
        attrs, text = self._option
        self._option = None
        if "disabled" in attrs:
            return
        value = attrs["value"] if attrs.get("value") is not None else " ".join("".join(text).split())
        self._select.options.append((value or "", "selected" in attrs))


def served_forms(html: str | bytes) -> list[ServedForm]:
    """Every form of the page, in document order."""
    parser = _Parser()
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    parser.close()
    return parser.forms


def served_form(html: str | bytes, *, action: str = "", with_field: str = "") -> ServedForm:
    """The one POST form of the page that posts to `action` (a form without one posts to its page)
    and, if given, has a control named `with_field`."""
    found = [
        form
        for form in served_forms(html)
        if form.method == "post"
        and (not action or form.action in ("", action))
        and (not with_field or with_field in form.names())
    ]
    assert len(found) == 1, f"expected one POST form for {action!r} {with_field!r}, found {len(found)}"
    return found[0]


def error_summary_in(html: str | bytes) -> bool:
    """Whether the page announces form errors (an error summary, or Django's error list)."""
    text = html.decode() if isinstance(html, bytes) else html
    return 'class="errorlist' in text or "message--error" in text
