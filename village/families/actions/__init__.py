"""Every write in the families app: consent and disclosures, profiles, plans and needs, roster syncs,
retention, and family accounts (invitations, claims, who signs in for a household or a student).

The functions live in modules by concern; import them from here (`from village.families import actions`).
"""

from village.families.actions.claims import (
    Claimed,
    ClaimRefused,
    check_open,
    claim_invitation,
    find_invitation,
    send_proof,
)
from village.families.actions.consent import (
    EMERGENCY_MAX_DAYS,
    ConsentTerms,
    LegalBasisTerms,
    disclose,
    end_legal_basis,
    give_consent,
    record_legal_basis,
    record_paper_consent,
    set_directory_opt_out,
    share_student_summary,
    withdraw_consent,
)
from village.families.actions.group_messages import Text, send_group_message
from village.families.actions.invitations import (
    invite_guardian,
    run_invitation_batch,
    start_invitation_batch,
    usable_channels,
    withdraw_invitation,
)
from village.families.actions.members import link_member, link_student_account, unlink_member
from village.families.actions.plans import (
    WindowChanges,
    add_goal,
    add_need,
    add_needs_in_bulk,
    assign_educator,
    change_need_status,
    save_profile,
    update_plan,
)
from village.families.actions.retention import anonymize_departed
from village.families.actions.roster import (
    apply_roster,
    apply_roster_plan,
    run_roster_sync,
    run_sync,
    start_roster_sync,
    sync_roster_now,
)

__all__ = [
    "EMERGENCY_MAX_DAYS",
    "ClaimRefused",
    "Claimed",
    "ConsentTerms",
    "LegalBasisTerms",
    "Text",
    "WindowChanges",
    "add_goal",
    "add_need",
    "add_needs_in_bulk",
    "anonymize_departed",
    "apply_roster",
    "apply_roster_plan",
    "assign_educator",
    "change_need_status",
    "check_open",
    "claim_invitation",
    "disclose",
    "end_legal_basis",
    "find_invitation",
    "give_consent",
    "invite_guardian",
    "link_member",
    "link_student_account",
    "record_legal_basis",
    "record_paper_consent",
    "run_invitation_batch",
    "run_roster_sync",
    "run_sync",
    "save_profile",
    "send_group_message",
    "send_proof",
    "set_directory_opt_out",
    "share_student_summary",
    "start_invitation_batch",
    "start_roster_sync",
    "sync_roster_now",
    "unlink_member",
    "update_plan",
    "usable_channels",
    "withdraw_consent",
    "withdraw_invitation",
]
