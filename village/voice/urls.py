from django.urls import path

from village.voice import views

app_name = "voice"
urlpatterns = [
    path("schools/<int:pk>/voice/", views.school_voice, name="school"),
    path("schools/<int:pk>/voice/surveys/new/", views.survey_new, name="survey_new"),
    path("schools/<int:pk>/voice/sessions/new/", views.session_new, name="session_new"),
    path("schools/<int:pk>/voice/barriers/", views.barriers, name="barriers"),
    path("surveys/<int:pk>/", views.survey_detail, name="survey"),
    path("surveys/<int:pk>/questions/new/", views.question_add, name="question_add"),
    path("surveys/<int:pk>/questions/<int:question_pk>/remove/", views.question_remove, name="question_remove"),
    path("surveys/<int:pk>/translate/<str:language>/", views.translate, name="translate"),
    path("surveys/<int:pk>/open/", views.survey_open, name="survey_open"),
    path("surveys/<int:pk>/close/", views.survey_close, name="survey_close"),
    path("surveys/<int:pk>/send/", views.survey_send, name="survey_send"),
    path("surveys/<int:pk>/results/", views.survey_results, name="results"),
    path("surveys/<int:pk>/themes/new/", views.survey_theme, name="survey_theme"),
    path("s/<str:token>/", views.respond, name="respond"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/themes/new/", views.session_theme, name="session_theme"),
    path("themes/<int:pk>/translate/<str:language>/", views.theme_translate, name="theme_translate"),
]
