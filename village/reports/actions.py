"""The public report's PDF, rendered by the task worker once per release and language.

A request for a PDF not yet rendered asks for it here and is answered at once with a page that
says it is being prepared (`views._report_pdf`); rendering takes about a CPU second, so it never
runs in a request, where a few readers could fill the server.
"""

from __future__ import annotations

from django.tasks import task
from django.utils import translation

from village.orgs.models import District, School
from village.reports import cache
from village.reports.render import render_pdf as render


@task()
def render_pdf(district_id: int, school_id: int | None, language: str, key: str) -> str:
    """Render one report's PDF in one language into its file (nothing when it exists already)."""
    try:
        district = District.objects.get(pk=district_id)
        school = School.objects.get(pk=school_id, district=district) if school_id else None
        with translation.override(language):
            if cache.version(district, school) != key:
                return "stale"  # the figures changed since it was asked for: the next request asks again
            cache.pdf_file(key, lambda: render(district, school))
        return "rendered"
    finally:
        cache.release_rendering(key)


def request_pdf(district: District, school: School | None, key: str) -> None:
    """Ask the worker for a report's PDF in the current language, once however many readers ask
    while it works (with the immediate backend of tests and demos it is rendered on return)."""
    if cache.claim_rendering(key):
        render_pdf.enqueue(district.pk, school.pk if school else None, translation.get_language() or "en", key)
