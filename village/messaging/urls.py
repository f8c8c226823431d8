from django.urls import path

from village.messaging import views

app_name = "messaging"
urlpatterns = [
    path("districts/<slug:slug>/outbox/", views.outbox, name="outbox"),
    path("districts/<slug:slug>/outbox/<int:pk>/retry/", views.retry, name="retry"),
]
