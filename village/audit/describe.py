"""Human sentences for audit codes, in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from village.audit.models import AuditEvent

DESCRIPTIONS = {
    "orgs.school.created": _("created the school"),
    "orgs.school.updated": _("updated the school's details"),
    "orgs.organization.created": _("added the partner organization"),
    "orgs.organization.updated": _("updated the organization's profile"),
    "accounts.membership.granted": _("granted a role"),
    "accounts.membership.ended": _("ended a role"),
    "accounts.user.language_changed": _("changed their language"),
    "accounts.user.profile_updated": _("updated their profile"),
    "accounts.user.logged_in": _("signed in"),
    "accounts.user.login_failed": _("failed to sign in"),
    "accounts.api_token.created": _("created an API token"),
    "accounts.api_token.revoked": _("revoked an API token"),
    "families.household.created": _("created the household"),
    "orgs.region.created": _("created the region"),
    "orgs.district.started": _("started the district and invited its first lead"),
    "accounts.user.created": _("created an account"),
    "families.invitation.sent": _("invited a guardian to open an account"),
    "families.invitation.withdrawn": _("withdrew an invitation"),
    "families.invitation.code_sent": _("emailed a code to claim an invitation"),
    "families.invitation.claimed": _("claimed the family's account"),
    "families.invitations.started": _("invited families of the school"),
    "families.member.linked": _("linked an account to the family"),
    "families.member.unlinked": _("unlinked an account from the family"),
}


def describe(event: AuditEvent) -> str:
    return str(DESCRIPTIONS.get(event.code, event.code))
