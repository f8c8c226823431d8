from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from village.lib.forms import UploadField


class FeedUploadForm(forms.Form):
    file = UploadField(
        label=_("GTFS feed (zip file)"),
        help_text=_(
            "The zip your transit agency publishes, with agency.txt, stops.txt, routes.txt, trips.txt, "
            "stop_times.txt and calendar.txt or calendar_dates.txt."
        ),
    )
    name = forms.SlugField(
        label=_("Feed name"),
        max_length=100,
        help_text=_(
            "A short name for this feed in your region, such as city-bus. "
            "Loading a feed of the same name again replaces it."
        ),
    )
    dry_run = forms.BooleanField(label=_("Dry run: check the feed and report, load nothing"), required=False)
