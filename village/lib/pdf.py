"""PDF documents in the reader's language (fpdf2 with HarfBuzz shaping).

The fonts come from PyPI packages pinned in the requirements, so a new machine needs no
system fonts: Noto Sans (Latin, Vietnamese, Cyrillic, Greek), Noto Sans Arabic and Noto
Sans SC (simplified Chinese). They ship as variable fonts, which fpdf2 would re-instance
for every document (12 s for the Chinese one); instead each weight is instanced once with
fontTools and kept under `var/fonts/`. Arabic is shaped and laid out right to left by
HarfBuzz (the `uharfbuzz` package) with fpdf2's bidirectional algorithm; a Latin name
inside Arabic or Chinese text falls back to Noto Sans.
"""

from __future__ import annotations

import os
import tempfile
import threading
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from django.conf import settings
from fpdf import FPDF

# script -> (package, path of the variable font inside it)
_SOURCES = {
    "latin": ("fontpkg_noto_sans", "files/NotoSans[wdth,wght].ttf"),
    "arabic": ("fontpkg_noto_sans_arabic", "files/NotoSansArabic[wdth,wght].ttf"),
    "hans": ("justmytype_intl_cjk", "fonts/ofl/notosanssc/NotoSansSC[wght].ttf"),
}
_SCRIPT_FOR_LANGUAGE = {"ar": "arabic", "zh-hans": "hans"}
_lock = threading.Lock()


@dataclass(frozen=True)
class Layout:
    """What a document writer needs to know about the script it writes in."""

    family: str
    rtl: bool

    @property
    def align(self) -> str:
        return "R" if self.rtl else "L"


def font_dir() -> Path:
    return Path(settings.VAR_DIR) / "fonts"


def static_font(script: str, weight: int) -> Path:
    """A static instance of a packaged variable font, made once and reused."""
    target = font_dir() / f"{script}-{weight}.ttf"
    if target.exists():
        return target
    with _lock:
        if target.exists():
            return target
        from fontTools.ttLib import TTFont
        from fontTools.varLib import instancer

        package, inner = _SOURCES[script]
        source = files(package).joinpath(inner)
        font = TTFont(str(source))
        location: dict[str, float] = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes}
        location["wght"] = weight
        static = instancer.instantiateVariableFont(font, location)
        target.parent.mkdir(parents=True, exist_ok=True)
        # Write beside the target and rename, so another process never reads half a font.
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
        os.close(handle)
        static.save(temporary)
        os.replace(temporary, target)
    return target


def prepare_fonts() -> list[Path]:
    """Instance every font the PDFs use (deployment runs this once; see docs/operations)."""
    return [static_font(script, weight) for script in _SOURCES for weight in _weights(script)]


def _weights(script: str) -> tuple[int, ...]:
    # Chinese headings are set larger rather than bold: one 10 MB instance instead of two.
    return (400,) if script == "hans" else (400, 700)


def document(language: str | None) -> tuple[FPDF, Layout]:
    """A Letter-size PDF with fonts and text direction for `language`."""
    pdf = FPDF(format="Letter")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_lang(language or "en")
    return pdf, write_in(pdf, language)


def write_in(pdf: FPDF, language: str | None) -> Layout:
    """Get `pdf` ready to write in `language` from here on: its fonts (added once), text direction,
    and every other script already loaded as a fallback. A document whose pages are in different
    languages (letters to many families) calls this before each page."""
    script = _SCRIPT_FOR_LANGUAGE.get((language or "en").lower(), "latin")
    for family in ("latin", script):
        if family not in pdf.fonts:
            regular = static_font(family, 400)
            pdf.add_font(family, "", str(regular))
            bold = static_font(family, 700) if 700 in _weights(family) else regular
            pdf.add_font(family, "B", str(bold))
    pdf.set_fallback_fonts([family for family in _SOURCES if family != script and family in pdf.fonts])
    rtl = script == "arabic"
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if rtl else "ltr")
    return Layout(family=script, rtl=rtl)
