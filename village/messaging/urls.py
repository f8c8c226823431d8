from django.urls import path

from village.messaging import views, webhooks

app_name = "messaging"
urlpatterns = [
    path("texts/status/", webhooks.text_status, name="text_status"),
    path("account/messages/", views.preferences, name="preferences"),
]
