from django.urls import path

from village.governance import views

app_name = "governance"
urlpatterns = [
    path("councils/", views.my_councils, name="mine"),
    path("schools/<int:pk>/councils/", views.school_councils, name="school_councils"),
    path("districts/<slug:slug>/councils/", views.district_councils, name="district_councils"),
    path("councils/<int:pk>/", views.council_page, name="council"),
    path("councils/<int:pk>/members/new/", views.member_add, name="member_add"),
    path("seats/<int:pk>/end/", views.member_end, name="member_end"),
    path("councils/<int:pk>/bylaws/new/", views.bylaws_new, name="bylaws_new"),
    path("councils/<int:pk>/representation/", views.representation_page, name="representation"),
    path("councils/<int:pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("councils/<int:pk>/proposals/new/", views.proposal_new, name="proposal_new"),
    path("bylaws/<int:pk>/", views.bylaws_page, name="bylaws"),
    path("meetings/<int:pk>/", views.meeting_page, name="meeting"),
    path("meetings/<int:pk>/agenda/", views.meeting_agenda, name="meeting_agenda"),
    path("meetings/<int:pk>/record/", views.meeting_record, name="meeting_record"),
    path("proposals/<int:pk>/", views.proposal_page, name="proposal"),
    path("proposals/<int:pk>/comments/", views.proposal_comment, name="comment"),
    path("proposals/<int:pk>/resources/", views.proposal_resource, name="resource"),
    path("proposals/<int:pk>/voting/", views.proposal_open_voting, name="open_voting"),
    path("proposals/<int:pk>/vote/", views.proposal_vote, name="vote"),
    path("proposals/<int:pk>/decide/", views.proposal_decide, name="decide"),
    path("amendments/<int:pk>/settle/", views.amendment_settle, name="amendment_settle"),
    path("decisions/", views.decision_log, name="log"),
    path("decisions/<int:pk>/", views.decision_page, name="decision"),
    path("decisions/<int:pk>/progress/", views.decision_progress, name="progress"),
    path("schools/<int:pk>/you-said-we-did/", views.you_said_we_did, name="you_said"),
]
