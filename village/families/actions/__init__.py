"""Every write in the families app: consent and disclosures, who signs in for a student, profiles, plans and
needs, roster syncs, retention.

The functions live in modules by concern; import them from here (`from village.families import actions`).
"""

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
from village.families.actions.members import link_household_member, link_student_account
from village.families.actions.plans import (
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
    run_roster_sync,
    run_sync,
    start_roster_sync,
    sync_roster_now,
)

__all__ = [
    "EMERGENCY_MAX_DAYS",
    "ConsentTerms",
    "LegalBasisTerms",
    "add_goal",
    "add_need",
    "add_needs_in_bulk",
    "anonymize_departed",
    "apply_roster",
    "assign_educator",
    "change_need_status",
    "disclose",
    "end_legal_basis",
    "give_consent",
    "link_household_member",
    "link_student_account",
    "record_legal_basis",
    "record_paper_consent",
    "run_roster_sync",
    "run_sync",
    "save_profile",
    "set_directory_opt_out",
    "share_student_summary",
    "start_roster_sync",
    "sync_roster_now",
    "update_plan",
    "withdraw_consent",
]
