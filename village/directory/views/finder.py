"""The public resource finder and service pages: no sign-in needed, no JavaScript needed."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from village.directory import finder
from village.directory.access import public_service
from village.directory.forms import FinderForm
from village.directory.hours import Window
from village.directory.hours_text import hours_line
from village.directory.models import Schedule, ServiceAtLocation, ServiceStatus
from village.families.access import family_school_ids
from village.families.models import AvailabilityWindow, FamilyProfile
from village.lib.fragments import FragmentCache
from village.orgs.models import School
from village.transit.travel import served_stops, stop_region


def _short_query(data: dict[str, Any]) -> str:
    """The chosen filters only, so a shared link stays short."""
    pairs: list[tuple[str, str]] = []
    for key, value in data.items():
        if isinstance(value, list):
            pairs.extend((key, v) for v in value)
        elif value not in (None, ""):
            pairs.append((key, str(value)))
    return urlencode(pairs)


def _profile_windows(request: HttpRequest) -> list[Window]:
    """The signed-in family's available times, from their family profile."""
    if not request.user.is_authenticated:
        return []
    rows = AvailabilityWindow.objects.filter(profile__household__members__user=request.user).distinct()
    return [Window(w.weekday, w.starts, w.ends) for w in rows]


def _can_ask(request: HttpRequest) -> bool:
    """A family member may ask their child's school for a service (the referrals app's page);
    staff refer instead, so they see no button."""
    return request.user.is_authenticated and request.user.has_perm("referrals.ask_for_service")


# The filter form is most of the finder's rendering time (14 fields, about 80 options) and the same
# for everyone who chose the same filters in the same language among the same schools.
FILTERS = FragmentCache(size=256)


def _filters_html(form: FinderForm, data: QueryDict, schools: list[School], stops_key: tuple[int, ...]) -> SafeString:
    """The filter form as HTML: from the cache when the same form was shown before in this language
    with the same schools to choose from; rendered afresh when it has errors to show."""

    def render_form() -> SafeString:
        return mark_safe(render_to_string("directory/_finder_filters.html", {"form": form}))  # noqa: S308

    if form.errors:
        return render_form()
    chosen = tuple(sorted((name, tuple(data.getlist(name))) for name in form.fields if name in data))
    options = tuple((school.pk, school.name) for school in schools)
    key = (translation.get_language(), options, "my_times" in form.fields, stops_key, chosen)
    return FILTERS.get_or_render(key, render_form)


def _bus_ask(minutes: int | None, stop: str, school: School | None) -> finder.BusAsk | None:
    """What "reachable by bus within N minutes" asks, from a stop or else the chosen school."""
    if not minutes:
        return None
    region_id = stop_region(stop) if stop else (school.district.region_id if school is not None else None)
    if region_id is None:
        return None
    point = None
    if school is not None and school.latitude is not None and school.longitude is not None:
        point = (float(school.latitude), float(school.longitude))
    return finder.BusAsk(region_id, minutes, stop, point)


def finder_page(request: HttpRequest) -> HttpResponse:
    schools = list(
        School.objects.filter(latitude__isnull=False, longitude__isnull=False).only("pk", "name").order_by("name")
    )
    data = request.GET.copy()
    if "near" not in data:
        # A family starts from their child's school; they can choose another or none.
        mine = sorted(family_school_ids(request.user))
        if mine:
            data["near"] = str(mine[0])
    profile_windows = _profile_windows(request)
    stops_key, stops = served_stops()
    if stops and "stop" not in data and request.user.is_authenticated:
        # A family's bus trips start where its profile says (a stop it chose), as its school is preselected.
        profiles = FamilyProfile.objects.filter(household__members__user=request.user).exclude(trip_stop="")
        chosen_stop = profiles.values_list("trip_stop", flat=True).first()
        if chosen_stop and chosen_stop in dict(stops):
            data["stop"] = chosen_stop
    form = FinderForm(data, schools=schools, has_profile_times=bool(profile_windows), stops=stops)
    results: list[finder.Result] = []
    bus: finder.BusAsk | None = None
    school: School | None = None
    origin = None
    cleaned: dict[str, Any] = {}
    searched = bool(request.GET)
    if form.is_valid():
        cleaned = form.cleaned_data
        if cleaned.get("zip"):
            origin = finder.origin_for_zip(cleaned["zip"])
            if origin is None:
                form.add_error("zip", _("Village knows no services or schools in this ZIP code. Choose a school."))
        else:
            school = (
                School.objects.filter(pk=cleaned["near"]).select_related("district").first()
                if cleaned.get("near")
                else None
            )
            origin = finder.origin_for(school)
        if origin is not None:
            raw_page = request.GET.get("page", "")
            page = min(int(raw_page), 10) if raw_page.isdigit() and int(raw_page) > 0 else 1
            windows = finder.windows_from(cleaned, profile_windows)
            bus = _bus_ask(
                cleaned.get("bus_minutes"), cleaned.get("stop") or "", None if cleaned.get("zip") else school
            )
            results = finder.find(cleaned, origin, limit=finder.PAGE_SIZE * page, windows=windows, bus=bus)
    chosen = {k: v for k, v in cleaned.items() if v not in (None, "", [], False)}
    query = _short_query({k: v for k, v in cleaned.items() if v not in (None, "", [])})
    markers = [
        {
            "lat": r.location.latitude,
            "lon": r.location.longitude,
            "name": str(r.service),
            "url": r.service.get_absolute_url(),
        }
        for r in results
    ]
    return render(
        request,
        "directory/finder.html",
        {
            "form": form,
            "filters_html": _filters_html(form, data, schools, stops_key),
            "results": results,
            "origin": origin,
            "by_bus": bus is not None,
            "searched": searched,
            "share_query": query,
            "markers": markers,
            "tile_url": settings.VILLAGE_MAP_TILE_URL,
            "can_ask": _can_ask(request),
            # The filters fold away behind their count once there are results to show (phones first).
            "chosen_count": len(chosen),
            "filters_open": bool(form.errors) or (not results and not searched),
            "more_url": f"?{query}&page={len(results) // finder.PAGE_SIZE + 1}"
            if len(results) >= finder.PAGE_SIZE
            else "",
        },
    )


def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = public_service(request.user, pk)
    own = list(Schedule.objects.filter(service=service).order_by("id"))
    places = list(
        ServiceAtLocation.objects.filter(service=service)
        .select_related("location")
        .prefetch_related("schedules", "location__schedules")
    )
    today = timezone.localdate()
    groups: list[tuple[str, list[Schedule]]] = [("", own)] if own else []
    for place in places:
        # The hours at a place: the service's own there, else (when the service gives none) the place's.
        there = list(place.schedules.all()) or ([] if own else list(place.location.schedules.all()))
        if there:
            groups.append((place.location.name, there))
    schedules = [s for _label, group in groups for s in group]
    return render(
        request,
        "directory/service_detail.html",
        {
            "service": service,
            "hour_groups": [(label, [hours_line(s, today) for s in group]) for label, group in groups],
            "hours_summary": finder.hours_summary(own or schedules, today),
            "locations": [p.location for p in places],
            "languages": [lang.code for lang in service.languages.all()],
            "categories": list(service.categories.all()),
            "can_edit": request.user.has_perm("directory.change_service", service),
            "can_ask": _can_ask(request) and service.status == ServiceStatus.ACTIVE,
            "markers": [
                {"lat": p.location.latitude, "lon": p.location.longitude, "name": p.location.name, "url": ""}
                for p in places
                if p.location.latitude is not None
            ],
            "tile_url": settings.VILLAGE_MAP_TILE_URL,
        },
    )
