from django.urls import path

from village.home import views

app_name = "home"
urlpatterns = [
    path("schools/<int:pk>/", views.school_detail, name="school"),
    path("schools/<int:pk>/worklist/", views.school_worklist, name="worklist"),
    path("schools/<int:pk>/worklist/<str:kind>/", views.worklist_kind, name="worklist_kind"),
]
