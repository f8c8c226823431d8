from django.urls import path

from village.home import views

app_name = "home"
urlpatterns = [
    path("schools/<int:pk>/", views.school_detail, name="school"),
]
