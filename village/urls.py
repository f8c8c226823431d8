from django.conf import settings
from django.urls import include, path

from village.accounts import views as account_views
from village.api import api
from village.directory.hsds.api import api as hsds_api
from village.home import views as home_views
from village.lib import bench

urlpatterns = [
    path("", home_views.home, name="home"),
    path("language/", account_views.set_language, name="set_language"),
    # Ours replaces allauth's self-service email page (see the view's docstring).
    path("accounts/email/", account_views.email_address, name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("api/hsds/", hsds_api.urls),
    path("", include("village.accounts.urls")),
    path("", include("village.orgs.urls")),
    path("", include("village.messaging.urls")),
    path("", include("village.home.urls")),
    path("", include("village.directory.urls")),
    path("", include("village.families.urls")),
    path("", include("village.partnerships.urls")),
    path("", include("village.referrals.urls")),
    path("", include("village.matching.urls")),
    path("", include("village.governance.urls")),
    path("", include("village.indicators.urls")),
    path("", include("village.reports.urls")),
    path("", include("village.voice.urls")),
    path("", include("village.events.urls")),
    path("", include("village.transit.urls")),
    path("", include("village.community.urls")),
]

if settings.ANYMAIL["WEBHOOK_SECRET"]:
    # The email providers' inbound webhooks (django-anymail), each refusing a request without the
    # secret; replies reach their conversation through `village.families.inbound_email`.
    urlpatterns.append(path("anymail/", include("anymail.urls")))

if settings.VILLAGE_BENCH:
    # The load harness's baseline, measured in the same run (never mounted otherwise).
    urlpatterns.append(path("bench/floor/", bench.floor, name="bench_floor"))
