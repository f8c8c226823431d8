"""Every write to partnerships, agreements, action plans, shared resources and funding."""

from village.partnerships.actions.agreements import create_agreement, revise_agreement, sign_version
from village.partnerships.actions.partnerships import (
    change_status,
    create_partnership,
    has_partner_authority,
    has_school_authority,
    update_partner_side,
    update_partnership,
)
from village.partnerships.actions.plans import add_milestone, add_task, update_task
from village.partnerships.actions.reminders import claim_reminder
from village.partnerships.actions.sharing import add_funding, add_resource

__all__ = [
    "add_funding",
    "add_milestone",
    "add_resource",
    "add_task",
    "change_status",
    "claim_reminder",
    "create_agreement",
    "create_partnership",
    "has_partner_authority",
    "has_school_authority",
    "revise_agreement",
    "sign_version",
    "update_partner_side",
    "update_partnership",
    "update_task",
]
