"""Partnerships, their agreements (MOUs), action plans, shared resources and funding."""

from village.partnerships.models.agreement import (
    Agreement,
    AgreementMetric,
    AgreementState,
    AgreementVersion,
    DataElement,
    ReportingFrequency,
    Signature,
)
from village.partnerships.models.partnership import (
    Partnership,
    PartnershipOrganization,
    PartnershipStatus,
    StatusChange,
)
from village.partnerships.models.plan import Milestone, PlanTask, ReminderLog, TaskStatus
from village.partnerships.models.sharing import (
    Direction,
    FundingSource,
    FundingSourceType,
    ResourceKind,
    ResourceShare,
)

__all__ = [
    "Agreement",
    "AgreementMetric",
    "AgreementState",
    "AgreementVersion",
    "DataElement",
    "Direction",
    "FundingSource",
    "FundingSourceType",
    "Milestone",
    "Partnership",
    "PartnershipOrganization",
    "PartnershipStatus",
    "PlanTask",
    "ReminderLog",
    "ReportingFrequency",
    "ResourceKind",
    "ResourceShare",
    "Signature",
    "StatusChange",
    "TaskStatus",
]
