from django.urls import path

from village.referrals import ask_views, consent_views, text_views, views

app_name = "referrals"
urlpatterns = [
    path("needs/<int:pk>/refer/<int:service_pk>/", views.refer_page, name="refer"),
    path("students/<int:pk>/referrals/", views.student_referrals, name="student"),
    path("students/<int:pk>/referrals/new/", views.quick_refer, name="quick_refer"),
    path(
        "students/<int:pk>/consent-requests/<int:service_pk>/",
        consent_views.request_consent,
        name="request_consent",
    ),
    path("consent-requests/<int:pk>/", consent_views.answer, name="consent_answer"),
    path("consent-requests/<int:pk>/decline/", consent_views.decline, name="consent_decline"),
    path("consent-requests/<int:pk>/follow/", consent_views.follow, name="consent_request"),
    path("consent-requests/<int:pk>/send/", consent_views.send, name="consent_send"),
    path("consent-requests/<int:pk>/withdraw/", consent_views.withdraw, name="consent_withdraw"),
    path("services/<int:service_pk>/ask/", ask_views.ask, name="ask"),
    path("asks/<int:pk>/", ask_views.ask_sent, name="ask_sent"),
    path("referrals/inbox/", views.inbox_page, name="inbox"),
    path("referrals/<int:pk>/", views.detail, name="detail"),
    path("referrals/<int:pk>/move/<str:to>/", views.move, name="move"),
    path("referrals/<int:pk>/notes/", views.add_note, name="note"),
    path("referrals/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("referrals/<int:pk>/feedback/read/", views.read_answer, name="read_answer"),
    path("schools/<int:pk>/referrals/", views.school_referrals, name="school"),
    path("texts/inbound/", text_views.inbound_text, name="inbound_text"),
]
