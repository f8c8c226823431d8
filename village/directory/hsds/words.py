"""Words that map a source's category and accessibility texts to Village's need categories and features."""

from __future__ import annotations

from village.directory.hsds.tables import Row
from village.directory.taxonomy import Accessibility, Need

# Words in a source's category names that map it to Village's need categories.
NEED_WORDS: dict[str, tuple[str, ...]] = {
    Need.HEALTH: ("health", "medical", "clinic", "dental", "vision"),
    Need.MENTAL_HEALTH: ("mental", "counsel", "behavioral", "therapy", "crisis"),
    Need.TUTORING: ("tutor", "homework", "literacy"),
    Need.MENTORING: ("mentor",),
    Need.AFTER_SCHOOL: ("after school", "after-school", "afterschool", "youth program"),
    Need.SUMMER: ("summer", "camp"),
    Need.DISABILITY: ("disab", "special needs", "accessib"),
    Need.LANGUAGE: ("interpret", "translation", "esl", "english as a second"),
    Need.FOOD: ("food", "meal", "nutrition", "pantry", "grocer"),
    Need.HOUSING: ("housing", "shelter", "homeless", "rent", "eviction", "tenant"),
    Need.TRANSPORT: ("transport", "transit", "bus pass", "ride"),
    Need.PARENT_EDUCATION_WORK: ("employment", "job", "career", "adult education", "parenting", "workforce", "ged"),
    Need.ARTS: ("arts", "music", "theater", "theatre", "museum", "dance"),
    Need.SPORTS: ("sport", "athletic", "recreation", "fitness"),
    Need.LEGAL: ("legal", "law", "attorney", "immigration", "court", "lawyer"),
}
ACCESSIBILITY_WORDS: dict[str, tuple[str, ...]] = {
    Accessibility.WHEELCHAIR: ("wheelchair", "ramp", "step-free", "ada"),
    Accessibility.ACCESSIBLE_RESTROOM: ("restroom", "toilet", "bathroom"),
    Accessibility.ACCESSIBLE_PARKING: ("parking",),
    Accessibility.ELEVATOR: ("elevator", "lift"),
    Accessibility.HEARING_LOOP: ("hearing loop", "induction loop", "assistive listening"),
    Accessibility.SIGN_LANGUAGE: ("sign language", "asl"),
    Accessibility.QUIET_SPACE: ("quiet", "sensory"),
    Accessibility.TRANSIT: ("transit", "bus stop", "train", "subway"),
}


def match_words(text: str, words: dict[str, tuple[str, ...]]) -> set[str]:
    lowered = text.lower()
    return {code for code, options in words.items() if any(w in lowered for w in options)}


def need_codes(row: Row) -> set[str]:
    code = row.get("code")
    if code in Need.values:
        return {code}
    return match_words(f"{row.get('name')} {row.get('description')}", NEED_WORDS)
