from django.urls import include, path

from village.accounts import views as account_views
from village.api import api

urlpatterns = [
    path("", account_views.home, name="home"),
    path("language/", account_views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("", include("village.accounts.urls")),
    path("", include("village.orgs.urls")),
]
