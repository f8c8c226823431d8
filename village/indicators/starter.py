"""The starter indicators of DOMAIN.md ("Measure"), set up once per district."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_noop as N_

from village.indicators.vocab import Direction, Source, Unit
from village.referrals.groups import GROUPS

EVERY_GROUP = [code for code, _label, _member in GROUPS]

# (code, name, definition, numerator, denominator, unit, direction, target, source)
# The texts are stored in English as the district's own words; a lead edits them like any other.
STARTER: list[dict[str, Any]] = [
    {
        "code": "referral-completion",
        "name": N_("Referrals completed"),
        "definition": N_("Of the referrals closed in the period, the share the family received the help for."),
        "numerator": N_("Referrals completed"),
        "denominator": N_("Referrals closed (completed or closed unmet)"),
        "unit": Unit.PERCENT,
        "direction": Direction.HIGHER,
        "target": Decimal(75),
        "source": Source.REFERRAL_COMPLETION,
    },
    {
        "code": "time-to-service",
        "name": N_("Days from referral to service"),
        "definition": N_(
            "Average days from sending a referral to the first day of service, for services begun in the period."
        ),
        "numerator": N_("Days waited, summed"),
        "denominator": N_("Referrals that began service"),
        "unit": Unit.DAYS,
        "direction": Direction.LOWER,
        "target": Decimal(14),
        "source": Source.TIME_TO_SERVICE,
    },
    {
        "code": "needs-met",
        "name": N_("Needs met"),
        "definition": N_("Of the needs recorded in the period, the share now met."),
        "numerator": N_("Needs met"),
        "denominator": N_("Needs recorded"),
        "unit": Unit.PERCENT,
        "direction": Direction.HIGHER,
        "target": Decimal(60),
        "source": Source.NEEDS_MET,
    },
    {
        "code": "family-participation",
        "name": N_("Family participation"),
        "definition": N_(
            "Share of enrolled students whose family has told the school its language, times and means of travel."
        ),
        "numerator": N_("Students whose family shared its preferences"),
        "denominator": N_("Enrolled students"),
        "unit": Unit.PERCENT,
        "direction": Direction.HIGHER,
        "target": Decimal(50),
        "source": Source.FAMILY_PARTICIPATION,
    },
    {
        "code": "partnership-opportunities",
        "name": N_("Partnership opportunities per 100 students"),
        "definition": N_("Active partnerships serving the school, per 100 enrolled students."),
        "numerator": N_("Active partnerships"),
        "denominator": N_("Enrolled students"),
        "unit": Unit.PER_100,
        "direction": Direction.HIGHER,
        "target": Decimal(2),
        "source": Source.PARTNERSHIP_OPPORTUNITIES,
        "groups": [],
    },
    {
        "code": "attendance",
        "name": N_("Attendance"),
        "definition": N_("Share of school days students attended, from the student information system."),
        "numerator": N_("Days attended"),
        "denominator": N_("School days enrolled"),
        "unit": Unit.PERCENT,
        "direction": Direction.HIGHER,
        "target": Decimal(94),
        "source": Source.IMPORT,
    },
    {
        "code": "iep-services",
        "name": N_("IEP services delivered"),
        "definition": N_("Service minutes delivered as a share of the minutes the IEPs plan."),
        "numerator": N_("Minutes delivered"),
        "denominator": N_("Minutes planned"),
        "unit": Unit.PERCENT,
        "direction": Direction.HIGHER,
        "target": Decimal(95),
        "source": Source.IMPORT,
        "groups": ["english_learner", "economically_disadvantaged"],
    },
    {
        "code": "specialist-access",
        "name": N_("Access to specialists"),
        "definition": N_(
            "Share of students who needed a specialist (speech, counselling, health) and saw one in the period."
        ),
        "numerator": N_("Students who saw a specialist"),
        "denominator": N_("Students who needed one"),
        "unit": Unit.PERCENT,
        "direction": Direction.HIGHER,
        "target": Decimal(80),
        "source": Source.IMPORT,
    },
    {
        "code": "enrichment",
        "name": N_("Enrichment participation"),
        "definition": N_("Share of students taking part in at least one enrichment program (arts, sports, clubs)."),
        "numerator": N_("Students taking part"),
        "denominator": N_("Enrolled students"),
        "unit": Unit.PERCENT,
        "direction": Direction.HIGHER,
        "target": Decimal(60),
        "source": Source.IMPORT,
    },
    {
        "code": "student-belonging",
        "name": N_("Students who feel they belong"),
        "definition": N_(
            'Share of students answering 4 or 5 to "I feel I belong at this school" in the student voice survey.'
        ),
        "numerator": N_("Students answering 4 or 5"),
        "denominator": N_("Students answering"),
        "unit": Unit.PERCENT,
        "direction": Direction.HIGHER,
        "target": Decimal(75),
        "source": Source.IMPORT,
    },
]
