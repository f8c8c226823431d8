"""Fetch-and-authorise helpers for governance (404 alike for missing and forbidden)."""

from __future__ import annotations

from django.http import Http404

from village.accounts.models import User
from village.governance.models import Bylaws, Comment, Council, CouncilMember, Decision, Meeting, Proposal
from village.lib.access import get_authorized
from village.orgs.models import District, School


def access_school(user: User, pk: int) -> School:
    return get_authorized(user, School.objects.select_related("district"), "governance.run_school_councils", pk=pk)


def access_district(user: User, slug: str) -> District:
    return get_authorized(user, District.objects.all(), "governance.run_district_councils", slug=slug)


def access_council(user: User, pk: int, perm: str = "governance.view_council") -> Council:
    return get_authorized(user, Council.objects.select_related("school", "district"), perm, pk=pk)


def access_member(user: User, pk: int) -> CouncilMember:
    member = CouncilMember.objects.select_related("council").filter(pk=pk).first()
    access_council(user, member.council_id if member else 0, "governance.run_council")
    assert member is not None
    return member


def access_bylaws(user: User, pk: int) -> Bylaws:
    bylaws = Bylaws.objects.select_related("council").filter(pk=pk).first()
    access_council(user, bylaws.council_id if bylaws else 0)
    assert bylaws is not None
    return bylaws


def access_meeting(user: User, pk: int, perm: str = "governance.view_council") -> Meeting:
    meeting = Meeting.objects.select_related("council__school").filter(pk=pk).first()
    access_council(user, meeting.council_id if meeting else 0, perm)
    assert meeting is not None
    return meeting


def access_proposal(user: User, pk: int, perm: str = "governance.view_proposal") -> Proposal:
    return get_authorized(
        user, Proposal.objects.select_related("council__school", "submitted_by__user", "bylaws"), perm, pk=pk
    )


def access_comment(user: User, pk: int) -> Comment:
    comment = Comment.objects.select_related("proposal__council", "proposal__submitted_by").filter(pk=pk).first()
    access_proposal(user, comment.proposal_id if comment else 0)
    assert comment is not None
    return comment


def access_decision(user: User, pk: int, perm: str = "governance.report_progress") -> Decision:
    return get_authorized(user, Decision.objects.select_related("council", "proposal"), perm, pk=pk)


def access_amendment_to_settle(user: User, pk: int) -> Comment:
    """An amendment the person may accept or turn down: the council's runners, or the proposal's author."""
    amendment = access_comment(user, pk)
    if not user.has_perm("governance.settle_amendment", amendment.proposal):
        raise Http404
    return amendment


def any_council(pk: int) -> Council:
    """A council's calendar of public meetings is open to everyone, as its decision log is (404 only
    for a council that does not exist)."""
    council = Council.objects.filter(pk=pk).first()
    if council is None:
        raise Http404
    return council
