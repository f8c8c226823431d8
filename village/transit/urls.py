from django.urls import path

from village.transit import views

app_name = "transit"

urlpatterns = [
    path("districts/<slug:slug>/transit/", views.feeds, name="feeds"),
    path("transit-imports/<int:pk>/", views.feed_import, name="feed_import"),
]
