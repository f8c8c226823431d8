"""Shared vocabularies of the families work. The directory reuses NeedCategory for its services."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedCategory(models.TextChoices):
    """The default need taxonomy: what a family or student may need from the community."""

    HEALTH = "health", _("Health")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    TUTORING = "tutoring", _("Tutoring")
    MENTORING = "mentoring", _("Mentoring")
    AFTER_SCHOOL = "after_school", _("After-school programs")
    SUMMER = "summer", _("Summer programs")
    DISABILITY = "disability", _("Disability services")
    LANGUAGE = "language", _("Language and interpretation")
    FOOD = "food", _("Food")
    HOUSING = "housing", _("Housing")
    TRANSPORT = "transport", _("Transport")
    PARENT_EDUCATION_WORK = "parent_education_work", _("Parent education and work")
    ARTS = "arts", _("Arts")
    SPORTS = "sports", _("Sports")
    LEGAL = "legal", _("Legal help")


class Barrier(models.TextChoices):
    """The barrier taxonomy of DOMAIN.md, shared by plans, surveys and listening sessions."""

    TRANSPORTATION = "transportation", _("Transportation")
    LANGUAGE = "language", _("Language")
    SCHEDULE = "schedule", _("Schedule or work hours")
    CHILDCARE = "childcare", _("Childcare")
    COST = "cost", _("Cost")
    DISABILITY_ACCESS = "disability_access", _("Disability access")
    DIGITAL_ACCESS = "digital_access", _("Digital access")
    DOCUMENTATION = "documentation", _("Documentation or eligibility")
    TRUST = "trust", _("Trust or cultural fit")
    AWARENESS = "awareness", _("Awareness")


class Urgency(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    SOON = "soon", _("Soon")
    ROUTINE = "routine", _("When possible")


class NeedSource(models.TextChoices):
    FAMILY = "family", _("Family")
    EDUCATOR = "educator", _("Educator")
    SURVEY = "survey", _("Survey")
    LISTENING_SESSION = "listening_session", _("Listening session")
    SCREENING = "screening", _("Screening")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("Being worked on")
    MET = "met", _("Met")
    CLOSED_UNMET = "closed_unmet", _("Closed, not met")


class DataElement(models.TextChoices):
    """What a consent may cover. A disclosure names the elements it shows or sends."""

    NAME = "name", _("Name")
    GRADE = "grade", _("Grade")
    SCHOOL = "school", _("School")
    CONTACT = "contact", _("Family contact details")
    HOME_LANGUAGE = "home_language", _("Home language")
    NEEDS = "needs", _("Needs and plan")
    DISABILITY = "disability", _("Disability, IEP or 504 status")
    ENGLISH_LEARNER = "english_learner", _("English-learner status")
    PROGRAMS = "programs", _("Program participation (economic, housing, foster care)")
    ATTENDANCE = "attendance", _("Attendance")


# Elements that reveal a student group: shown only to roles that need them.
SENSITIVE_ELEMENTS = frozenset({DataElement.DISABILITY, DataElement.ENGLISH_LEARNER, DataElement.PROGRAMS})


class Purpose(models.TextChoices):
    REFERRAL = "referral", _("Referral to a service")
    COORDINATION = "coordination", _("Coordinating services the student receives")
    ENROLLMENT = "enrollment", _("Enrolling in a program")
    EVALUATION = "evaluation", _("Evaluating a program")
    OTHER = "other", _("Another purpose, described in the consent")


class Channel(models.TextChoices):
    """How the information left the school."""

    PAGE = "page", _("Shown on a page in Village")
    SUMMARY = "summary", _("Student summary sent by staff")
    REFERRAL = "referral", _("Referral")
    EXPORT = "export", _("File export")
    API = "api", _("API")
    MESSAGE = "message", _("Message")
    PAPER = "paper", _("Paper or phone")


class ContactChannel(models.TextChoices):
    TEXT = "text", _("Text message")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone call")
    PAPER = "paper", _("Paper note home")
    IN_PERSON = "in_person", _("In person")


class TravelMode(models.TextChoices):
    CAR = "car", _("Car")
    BUS = "bus", _("Bus or train")
    WALKING = "walking", _("Walking")
    BIKE = "bike", _("Bicycle")
    NONE = "none", _("No way to travel")


class Accommodation(models.TextChoices):
    INTERPRETER = "interpreter", _("An interpreter")
    CHILDCARE = "childcare", _("Childcare")
    ACCESSIBLE_VENUE = "accessible_venue", _("An accessible venue")
