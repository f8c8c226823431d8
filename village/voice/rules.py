"""Who runs surveys and listening sessions: the school's coordinators and the district's leads."""

from __future__ import annotations

import rules

from village.accounts.models import Person, Role
from village.accounts.predicates import district_ids, school_ids
from village.orgs.models import School
from village.voice.models import ListeningSession, Survey, Theme


@rules.predicate
def runs_school_voice(user: Person, school: School) -> bool:
    return school.pk in school_ids(user, Role.SCHOOL_COORDINATOR) or school.district_id in district_ids(
        user, Role.DISTRICT_LEAD
    )


@rules.predicate
def runs_voice_of(user: Person, obj: Survey | ListeningSession) -> bool:
    """For a survey or session: runs the voice work of its school."""
    return obj.school_id in school_ids(user, Role.SCHOOL_COORDINATOR) or obj.district_id in district_ids(
        user, Role.DISTRICT_LEAD
    )


@rules.predicate
def runs_theme(user: Person, theme: Theme) -> bool:
    """For a theme: runs the voice work of its school (a district-wide theme: leads its district)."""
    if theme.district_id in district_ids(user, Role.DISTRICT_LEAD):
        return True
    return theme.school_id is not None and theme.school_id in school_ids(user, Role.SCHOOL_COORDINATOR)


rules.add_perm("voice.run_school", runs_school_voice)
# Staff who run a school's voice work translate the themes drawn from what families said.
rules.add_perm("voice.translate_theme", runs_theme)
rules.add_perm("voice.manage", runs_voice_of)
