"""The families app's models: households and students, profiles, plans and needs, consent and disclosures."""

from village.families.models.consent import (
    Consent,
    ConsentMethod,
    LegalBasisKind,
    OtherLegalBasis,
    SignerRelationship,
)
from village.families.models.core import (
    EducatorAssignment,
    EnrollmentStatus,
    Guardian,
    Household,
    HouseholdMember,
    RaceEthnicity,
    Relationship,
    Student,
)
from village.families.models.disclosure import AppendOnlyError, DisclosureRecord
from village.families.models.group_messages import GroupMessage
from village.families.models.invitations import (
    FamilyInvitation,
    InvitationBatch,
    InvitationChannel,
    InvitationState,
)
from village.families.models.plan import Goal, Need, Plan
from village.families.models.profile import AvailabilityWindow, FamilyProfile
from village.families.models.roster import RosterSync

__all__ = [
    "AppendOnlyError",
    "AvailabilityWindow",
    "Consent",
    "ConsentMethod",
    "DisclosureRecord",
    "EducatorAssignment",
    "EnrollmentStatus",
    "FamilyInvitation",
    "FamilyProfile",
    "Goal",
    "GroupMessage",
    "Guardian",
    "Household",
    "HouseholdMember",
    "InvitationBatch",
    "InvitationChannel",
    "InvitationState",
    "LegalBasisKind",
    "Need",
    "OtherLegalBasis",
    "Plan",
    "RaceEthnicity",
    "Relationship",
    "RosterSync",
    "SignerRelationship",
    "Student",
]
