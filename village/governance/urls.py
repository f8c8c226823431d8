from django.urls import path

from village.governance.views import calendar, councils, meetings, proposals, public

app_name = "governance"
urlpatterns = [
    path("councils/", councils.my_councils, name="mine"),
    path("schools/<int:pk>/councils/", councils.school_councils, name="school_councils"),
    path("districts/<slug:slug>/councils/", councils.district_councils, name="district_councils"),
    path("councils/<int:pk>/", councils.council_page, name="council"),
    path("councils/<int:pk>/meetings.ics", calendar.council_feed, name="council_feed"),
    path("councils/<int:pk>/members/new/", councils.member_add, name="member_add"),
    path("seats/<int:pk>/end/", councils.member_end, name="member_end"),
    path("councils/<int:pk>/bylaws/new/", councils.bylaws_new, name="bylaws_new"),
    path("councils/<int:pk>/representation/", councils.representation_page, name="representation"),
    path("councils/<int:pk>/meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("councils/<int:pk>/proposals/new/", proposals.proposal_new, name="proposal_new"),
    path("bylaws/<int:pk>/", councils.bylaws_page, name="bylaws"),
    path("meetings/<int:pk>/", meetings.meeting_page, name="meeting"),
    path("meetings/<int:pk>/agenda/", meetings.meeting_agenda, name="meeting_agenda"),
    path("meetings/<int:pk>/record/", meetings.meeting_record, name="meeting_record"),
    path("proposals/<int:pk>/", proposals.proposal_page, name="proposal"),
    path("proposals/<int:pk>/translate/<str:language>/", proposals.proposal_translate, name="proposal_translate"),
    path("proposals/<int:pk>/comments/", proposals.proposal_comment, name="comment"),
    path("proposals/<int:pk>/resources/", proposals.proposal_resource, name="resource"),
    path("proposals/<int:pk>/voting/", proposals.proposal_open_voting, name="open_voting"),
    path("proposals/<int:pk>/vote/", proposals.proposal_vote, name="vote"),
    path("proposals/<int:pk>/decide/", proposals.proposal_decide, name="decide"),
    path("proposals/<int:pk>/extend/", proposals.proposal_extend, name="extend_voting"),
    path("amendments/<int:pk>/settle/", proposals.amendment_settle, name="amendment_settle"),
    path("decisions/", public.decision_log, name="log"),
    path("decisions/<int:pk>/", public.decision_page, name="decision"),
    path("decisions/<int:pk>/progress/", public.decision_progress, name="progress"),
    path("schools/<int:pk>/you-said-we-did/", public.you_said_we_did, name="you_said"),
]
