"""The served-form reader submits what a browser would: the round-trip tests rest on it."""

from __future__ import annotations

from tests.served_forms import served_form, served_forms

PAGE = """
<form action="/set-language/" method="post"><input type="hidden" name="language" value="en"></form>
<form method="post" novalidate>
  <input name="name" value="Rosa &amp; Co"><input type="hidden" name="csrfmiddlewaretoken" value="t">
  <input type="checkbox" name="days" value="1" checked><input type="checkbox" name="days" value="2">
  <input type="checkbox" name="on">
  <input type="radio" name="size" value="s"><input type="radio" name="size" value="m" checked>
  <select name="single"><option value="1">One<option value="2" selected>Two</select>
  <select name="first"><option value="">Choose</option><option value="3">Three</option></select>
  <select name="many" multiple><option selected>A</option><option>B</option><option selected>C</option></select>
  <select name="off" disabled><option value="9" selected>9</option></select>
  <textarea name="notes">
Line one
line two</textarea>
  <input name="gone" value="x" disabled><input type="file" name="scan">
  <button type="submit" name="form" value="profile">Save</button><button type="submit" name="other">No</button>
</form>
<form method="get"><input name="q" value="x"></form>
"""


def test_it_submits_what_a_browser_would() -> None:
    form = served_form(PAGE, action="/family/profile/")
    assert form.post_data() == {
        "name": ["Rosa & Co"],
        "csrfmiddlewaretoken": ["t"],
        "days": ["1"],
        "size": ["m"],
        "single": ["2"],
        "first": [""],
        "many": ["A", "C"],
        "notes": ["Line one\nline two"],
        "form": ["profile"],
    }


def test_it_finds_every_form_with_its_method_and_action() -> None:
    assert [(f.method, f.action) for f in served_forms(PAGE)] == [
        ("post", "/set-language/"),
        ("post", ""),
        ("get", ""),
    ]
