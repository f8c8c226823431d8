"""The starter indicators of DOMAIN.md ("Measure"), set up once per district."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_noop

from village.families.groups import GROUPS
from village.indicators.vocab import Direction, Source, Unit

EVERY_GROUP = [code for code, _label, _member in GROUPS]

# (code, name, definition, numerator, denominator, unit, direction, target, source)
# The texts are stored in English as the district's own words; a lead edits them like any other.
STARTER: list[dict[str, Any]] = [
    {
        "code": "referral-completion",
        "name": gettext_noop("Referrals completed"),
        "definition": gettext_noop(
            "Of the referrals closed in the period, the share the family received the help for."
        ),
        "numerator": gettext_noop("Referrals completed"),
        "denominator": gettext_noop("Referrals closed (completed or closed unmet)"),
        "unit": Unit.PERCENT,
        "direction": Direction.HIGHER,
        "target": Decimal(75),
        "source": Source.REFERRAL_COMPLETION,
    },
    {
        "code": "time-to-service",
        "name": gettext_noop("Days from referral to service"),
        "definition": gettext_noop(
            "Average days from sending a referral to the first day of service, for services begun in the period."
        ),
        "numerator": gettext_noop("Days waited, summed"),
        "denominator": gettext_noop("Referrals that began service"),
        "unit": Unit.DAYS,
        "direction": Direction.LOWER,
        "target": Decimal(14),
        "source": Source.TIME_TO_SERVICE,
    },
    {
        "code": "needs-met",
        "name": gettext_noop("Needs met"),
        "definition": gettext_noop("Of the needs recorded in the period, the share now met."),
        "numerator": gettext_noop("Needs met"),
        "denominator": gettext_noop("Needs recorded"),
        "unit": Unit.PERCENT,
        "direction": Direction.HIGHER,
        "target": Decimal(60),
        "source": Source.NEEDS_MET,
    },
    {
        "code": "family-participation",
        "name": gettext_noop("Family participation"),
        "definition": gettext_noop(
            "Share of enrolled students whose family has told the school its language, times and means of travel."
        ),
        "numerator": gettext_noop("Students whose family shared its preferences"),
        "denominator": gettext_noop("Enrolled students"),
        "unit": Unit.PERCENT,
        "direction": Direction.HIGHER,
        "target": Decimal(50),
        "source": Source.FAMILY_PARTICIPATION,
    },
    {
        "code": "partnership-opportunities",
        "name": gettext_noop("Partnership opportunities per 100 students"),
        "definition": gettext_noop("Active partnerships serving the school, per 100 enrolled students."),
        "numerator": gettext_noop("Active partnerships"),
        "denominator": gettext_noop("Enrolled students"),
        "unit": Unit.PER_100,
        "direction": Direction.HIGHER,
        "target": Decimal(2),
        "source": Source.PARTNERSHIP_OPPORTUNITIES,
        "groups": [],
    },
    {
        "code": "event-attendance",
        "name": gettext_noop("Family attendances at school events per 100 students"),
        "definition": gettext_noop(
            "Families counted at the door of the school's events held in the period, per 100 enrolled "
            "students. Each event is counted on its own: a family that came to three events counts three "
            "times, so this counts attendances, not different families."
        ),
        "numerator": gettext_noop("Family attendances at school events"),
        "denominator": gettext_noop("Enrolled students"),
        "unit": Unit.PER_100,
        "direction": Direction.HIGHER,
        # No target: a new measure has no baseline yet; the district sets one once it has a year of figures
        # (without one, no gap review opens on it).
        "target": None,
        "source": Source.EVENT_ATTENDANCE,
        "groups": [],
    },
    {
        "code": "attendance",
        "name": gettext_noop("Attendance"),
        "definition": gettext_noop("Share of school days students attended, from the student information system."),
        "numerator": gettext_noop("Days attended"),
        "denominator": gettext_noop("School days enrolled"),
        "unit": Unit.PERCENT,
        "direction": Direction.HIGHER,
        "target": Decimal(94),
        "source": Source.IMPORT,
    },
    {
        "code": "iep-services",
        "name": gettext_noop("IEP services delivered"),
        "definition": gettext_noop("Service minutes delivered as a share of the minutes the IEPs plan."),
        "numerator": gettext_noop("Minutes delivered"),
        "denominator": gettext_noop("Minutes planned"),
        "unit": Unit.PERCENT,
        "direction": Direction.HIGHER,
        "target": Decimal(95),
        "source": Source.IMPORT,
        "groups": ["english_learner", "economically_disadvantaged"],
    },
    {
        "code": "specialist-access",
        "name": gettext_noop("Access to specialists"),
        "definition": gettext_noop(
            "Share of students who needed a specialist (speech, counselling, health) and saw one in the period."
        ),
        "numerator": gettext_noop("Students who saw a specialist"),
        "denominator": gettext_noop("Students who needed one"),
        "unit": Unit.PERCENT,
        "direction": Direction.HIGHER,
        "target": Decimal(80),
        "source": Source.IMPORT,
    },
    {
        "code": "enrichment",
        "name": gettext_noop("Enrichment participation"),
        "definition": gettext_noop(
            "Share of students taking part in at least one enrichment program (arts, sports, clubs)."
        ),
        "numerator": gettext_noop("Students taking part"),
        "denominator": gettext_noop("Enrolled students"),
        "unit": Unit.PERCENT,
        "direction": Direction.HIGHER,
        "target": Decimal(60),
        "source": Source.IMPORT,
    },
    {
        "code": "student-belonging",
        "name": gettext_noop("Students who feel they belong"),
        "definition": gettext_noop(
            'Share of students answering 4 or 5 to "I feel I belong at this school" in the student voice survey.'
        ),
        "numerator": gettext_noop("Students answering 4 or 5"),
        "denominator": gettext_noop("Students answering"),
        "unit": Unit.PERCENT,
        "direction": Direction.HIGHER,
        "target": Decimal(75),
        "source": Source.IMPORT,
    },
]
