"""Every write about mentoring: programs, mentors (cleared volunteers), mentees (students referred
to the program's service, let in again through the consent check), pairs (one at a time or a whole
cohort, each checked against the hard constraints), meetings, monthly check-ins, closing a pair."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from village.accounts.models import User
from village.audit.actions import record
from village.community.actions import missing_clearances
from village.community.mentoring import active_load, offered, wanted
from village.community.models import (
    CheckIn,
    CheckInScore,
    CheckInSide,
    ClearanceKind,
    EndReason,
    Interest,
    Meeting,
    MeetingTime,
    Mentee,
    Mentor,
    MentoringProgram,
    Pair,
    Volunteer,
)
from village.community.pairing import explain
from village.directory.models import Service, ServiceStatus
from village.families.actions import disclose
from village.families.contact import reach_for
from village.families.disclosure import NotCovered
from village.families.vocab import Channel
from village.lib.languages import COMMON_LANGUAGES as LANGUAGE_CODES
from village.lib.links import absolute_reverse
from village.messaging.actions import Rendered, queue_each, queue_email
from village.orgs.models import School
from village.referrals.actions import family_members
from village.referrals.models import OPEN_STATUSES, Referral

MEETING_MINUTES = (5, 600)


def _choices(values: Sequence[str], allowed: Sequence[str]) -> list[str]:
    return sorted({str(v) for v in values if str(v) in allowed})


def _strings(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list | tuple | set | frozenset) else []


def _number(value: object, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def create_program(actor: User, school: School, service: Service, *, fields: Mapping[str, object]) -> MentoringProgram:
    """A mentoring program at a school, run through an active service of the organization that
    runs it (students join it by a referral to that service, under the family's consent)."""
    name = str(fields.get("name", "")).strip()
    if not name:
        raise ValidationError({"name": _("Give the program a name.")})
    if service.status != ServiceStatus.ACTIVE or service.organization.region_id != school.district.region_id:
        raise ValidationError({"service": _("Choose an active service in the school's region.")})
    clearances = _strings(fields.get("clearances"))
    if set(clearances) - set(ClearanceKind.values):
        raise ValidationError({"clearances": _("Choose clearances from the list.")})
    program = MentoringProgram(
        district_id=school.district_id,
        school=school,
        service=service,
        organization_id=service.organization_id,
        name=name,
        description=str(fields.get("description", "")).strip(),
        languages=_choices(_strings(fields.get("languages")), LANGUAGE_CODES),
        clearances=sorted(set(clearances)),
        max_mentees=_number(fields.get("max_mentees"), 3),
        stall_days=_number(fields.get("stall_days"), 30),
        created_by=actor,
    )
    program.full_clean(exclude=["district", "school", "service", "organization", "created_by"])
    with transaction.atomic():
        program.save()
        record(actor, "community.mentoring.program_created", program, school=school.pk, service=service.pk)
    return program


def add_mentor(
    actor: User,
    program: MentoringProgram,
    volunteer: Volunteer,
    *,
    capacity: int,
    languages: Sequence[str],
    interests: Sequence[str] = (),
    times: Sequence[str],
    background: str = "",
    today: datetime.date | None = None,
) -> Mentor:
    """Join a volunteer to the program as a mentor: only once every clearance it requires is current."""
    errors: dict[str, str] = {}
    if volunteer.district_id != program.district_id:
        errors["volunteer"] = _("Choose a volunteer of this district.")
    elif program.mentors.filter(volunteer=volunteer).exists():
        errors["volunteer"] = _("%(name)s is already a mentor in this program.") % {"name": volunteer.name}
    if not 1 <= capacity <= program.max_mentees:
        errors["capacity"] = _("A mentor in this program takes from 1 to %(n)s students.") % {"n": program.max_mentees}
    if not _choices(languages, LANGUAGE_CODES):
        errors["languages"] = _("Choose at least one language the mentor speaks.")
    if not _choices(times, MeetingTime.values):
        errors["times"] = _("Choose at least one time the mentor can meet.")
    if errors:
        raise ValidationError(errors)
    missing = missing_clearances(volunteer, program.clearances, today)
    if missing:
        names = dict(ClearanceKind.choices)
        raise ValidationError(
            _("%(name)s cannot mentor yet: no current record of %(clearances)s. Record the clearances first.")
            % {"name": volunteer.name, "clearances": ", ".join(str(names[k]) for k in missing)}
        )
    with transaction.atomic():
        mentor = Mentor.objects.create(
            program=program,
            volunteer=volunteer,
            district_id=program.district_id,
            capacity=capacity,
            languages=_choices(languages, LANGUAGE_CODES),
            interests=_choices(interests, Interest.values),
            times=_choices(times, MeetingTime.values),
            background=background.strip(),
        )
        record(actor, "community.mentoring.mentor_added", mentor, program=program.pk, volunteer=volunteer.pk)
    return mentor


def add_mentee(
    actor: User,
    program: MentoringProgram,
    referral: Referral,
    *,
    languages: Sequence[str],
    interests: Sequence[str] = (),
    times: Sequence[str],
    background: str = "",
) -> Mentee:
    """Bring a student referred to the program's service into its cohort. The consent check runs
    again (the program's mentors will see what the referral's consent covers): without a current
    consent nothing is written."""
    if referral.service_id != program.service_id or referral.status not in OPEN_STATUSES:
        raise ValidationError(_("This referral is not an open referral to this program."))
    if Mentee.objects.filter(referral=referral).exists():
        raise ValidationError(_("This student is already in the program's cohort."))
    errors: dict[str, str] = {}
    if not _choices(languages, LANGUAGE_CODES):
        errors["languages"] = _("Choose at least one language the student speaks.")
    if not _choices(times, MeetingTime.values):
        errors["times"] = _("Choose at least one time the student can meet.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            disclose(
                actor,
                referral.student,
                program.organization,
                referral.elements,
                referral.purpose,
                Channel.PAGE,
                purpose_detail=program.name,
            )
            mentee = Mentee.objects.create(
                program=program,
                referral=referral,
                student_id=referral.student_id,
                district_id=program.district_id,
                languages=_choices(languages, LANGUAGE_CODES),
                interests=_choices(interests, Interest.values),
                times=_choices(times, MeetingTime.values),
                background=background.strip(),
                added_by=actor,
            )
            record(actor, "community.mentoring.mentee_added", mentee, program=program.pk, referral=referral.pk)
    except NotCovered as exc:
        raise ValidationError(str(exc)) from exc
    return mentee


def _broken(mentee: Mentee, mentor: Mentor, room: int) -> str:
    """Why this pairing breaks a hard constraint, in words."""
    values = {"student": mentee.referral.student.given_name, "mentor": mentor.volunteer.name}
    if room < 1:
        return _("%(mentor)s has no room left for %(student)s: they mentor as many students as they can.") % values
    if not set(mentee.languages) & set(mentor.languages):
        return _("%(student)s and %(mentor)s have no language in common.") % values
    return _("%(student)s and %(mentor)s have no time in common to meet.") % values


def pair(
    actor: User,
    program: MentoringProgram,
    choices: Sequence[tuple[int, int]],
    *,
    today: datetime.date | None = None,
) -> list[Pair]:
    """Pair students with mentors, (mentee id, mentor id) each: every pairing is checked again
    against the hard constraints (a language and a time in common, room under the mentor's
    capacity, counting the pairs made in the same go); one that breaks any writes nothing."""
    today = today or timezone.localdate()
    if not choices:
        raise ValidationError(_("Choose at least one pairing."))
    with transaction.atomic():
        mentors = {
            m.pk: m
            for m in Mentor.objects.select_for_update()
            .select_related("volunteer")
            .filter(program=program, pk__in={m for _s, m in choices})
        }
        mentees = {
            m.pk: m
            for m in Mentee.objects.select_related("referral__student").filter(
                program=program, pk__in={s for s, _m in choices}
            )
        }
        if len(mentors) != len({m for _s, m in choices}) or len(mentees) != len({s for s, _m in choices}):
            raise ValidationError(_("Choose students and mentors of this program."))
        if len(mentees) != len(choices):
            raise ValidationError(_("Each student is paired with one mentor."))
        busy = set(
            Pair.objects.filter(mentee_id__in=mentees, ended_on__isnull=True).values_list("mentee_id", flat=True)
        )
        if busy:
            names = ", ".join(sorted(mentees[m].referral.student.given_name for m in busy))
            raise ValidationError(_("Already paired: %(names)s. Nothing was changed.") % {"names": names})
        load = active_load(list(mentors))
        made: list[Pair] = []
        for mentee_id, mentor_id in choices:
            mentee, mentor = mentees[mentee_id], mentors[mentor_id]
            room = mentor.capacity - load[mentor_id]
            found = explain(wanted(mentee), offered(mentor, load[mentor_id]))
            if found is None:
                raise ValidationError(_broken(mentee, mentor, room) + " " + _("Nothing was changed."))
            load[mentor_id] += 1
            made.append(
                Pair.objects.create(
                    program=program,
                    mentor=mentor,
                    mentee=mentee,
                    district_id=program.district_id,
                    started_on=today,
                    reasons=[[r.code, list(r.values)] for r in found.reasons],
                    created_by=actor,
                )
            )
        record(actor, "community.mentoring.paired", program, pairs=[p.pk for p in made])
    return made


def log_meeting(
    volunteer: Volunteer,
    pair: Pair,
    *,
    date: datetime.date,
    minutes: int,
    note: str = "",
    today: datetime.date | None = None,
) -> Meeting:
    """The mentor logs a meeting they had with their student (the note kept short)."""
    today = today or timezone.localdate()
    if pair.mentor.volunteer_id != volunteer.pk or not pair.active:
        raise ValidationError(_("This match is not one of yours, or it has ended."))
    errors: dict[str, str] = {}
    if date > today:
        errors["date"] = _("Log a meeting once it has taken place: the date cannot be in the future.")
    elif date < pair.started_on:
        errors["date"] = _("The date is before the match started.")
    if not MEETING_MINUTES[0] <= minutes <= MEETING_MINUTES[1]:
        errors["minutes"] = _("Give the length of the meeting, from 5 to 600 minutes.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            pair=pair, district_id=pair.district_id, date=date, minutes=minutes, note=note.strip()[:200]
        )
        record(None, "community.mentoring.meeting_logged", meeting, pair=pair.pk, minutes=minutes)
    return meeting


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def answer_check_in(check_in: CheckIn, *, score: int, comment: str = "") -> CheckIn:
    """Answer a check-in once: a second answer is refused and changes nothing."""
    if score not in CheckInScore.values:
        raise ValidationError({"score": _("Choose how it goes.")})
    with transaction.atomic():
        locked = CheckIn.objects.select_for_update().get(pk=check_in.pk)
        if locked.answered_at is not None:
            raise ValidationError(_("This check-in was already answered. Thank you."))
        if locked.pair.ended_on is not None:
            raise ValidationError(_("This match has ended."))
        locked.score, locked.comment, locked.answered_at = score, comment.strip()[:500], timezone.now()
        locked.save(update_fields=["score", "comment", "answered_at"])
        record(None, "community.mentoring.checked_in", locked, pair=locked.pair_id, side=locked.side, score=score)
    return locked


def mentor_check_in(
    volunteer: Volunteer, pair: Pair, *, score: int, comment: str = "", today: datetime.date | None = None
) -> CheckIn:
    """The mentor says how it goes this month, from their page (once a month)."""
    if pair.mentor.volunteer_id != volunteer.pk or not pair.active:
        raise ValidationError(_("This match is not one of yours, or it has ended."))
    month = month_of(today or timezone.localdate())
    with transaction.atomic():
        check_in, _new = CheckIn.objects.get_or_create(
            pair=pair, side=CheckInSide.MENTOR, month=month, defaults={"district_id": pair.district_id}
        )
        if check_in.answered_at is not None:
            raise ValidationError(_("You have already checked in this month. Thank you."))
        return answer_check_in(check_in, score=score, comment=comment)


STUDENT_SUBJECT = gettext_lazy("How is mentoring going?")
STUDENT_BODY = gettext_lazy(
    "How is %(student)s's mentoring in %(program)s going? Answer in one click (it takes a minute):\n%(link)s"
)
MENTOR_SUBJECT = gettext_lazy("How is mentoring going?")
MENTOR_BODY = gettext_lazy(
    "Hello %(name)s, how is mentoring going with your student in %(program)s? "
    "Answer in one click (it takes a minute):\n%(link)s"
)


def request_check_ins(today: datetime.date | None = None) -> int:
    """Ask both sides of every pair active for two weeks or more how it goes, once a month: the
    student's family by the channels it chose, in its language; the mentor by email in theirs.
    Returns how many check-ins were asked."""
    today = today or timezone.localdate()
    month = month_of(today)
    asked = 0
    pairs = Pair.objects.filter(ended_on__isnull=True, started_on__lte=today - datetime.timedelta(days=14))
    for pair_ in pairs.select_related("program", "mentor__volunteer", "mentee__referral__student"):
        for side in (CheckInSide.STUDENT, CheckInSide.MENTOR):
            with transaction.atomic():
                check_in, new = CheckIn.objects.get_or_create(
                    pair=pair_, side=side, month=month, defaults={"district_id": pair_.district_id}
                )
                if not new or check_in.answered_at is not None:
                    continue
                CheckIn.objects.filter(pk=check_in.pk).update(requested_at=timezone.now())
                link = absolute_reverse("community:check_in", token=check_in.token)
                if side == CheckInSide.STUDENT:
                    people = family_members(pair_.mentee.referral.student)
                    queue_each(
                        "community.mentoring_check_in",
                        people,
                        STUDENT_SUBJECT,
                        STUDENT_BODY,
                        district_id=pair_.district_id,
                        reach=reach_for(people),
                        student=pair_.mentee.referral.student.given_name,
                        program=pair_.program.name,
                        link=link,
                    )
                else:
                    volunteer = pair_.mentor.volunteer
                    with translation.override(volunteer.language):
                        values = {"name": volunteer.name, "program": pair_.program.name, "link": link}
                        mail = Rendered(
                            None, str(MENTOR_SUBJECT), str(MENTOR_BODY) % values, volunteer.language, volunteer.email
                        )
                    queue_email("community.mentoring_check_in", [mail], district_id=pair_.district_id)
                record(None, "community.mentoring.check_in_asked", check_in, pair=pair_.pk, side=side)
                asked += 1
    return asked


def read_check_in(actor: User, check_in: CheckIn) -> None:
    """The coordinator has read a check-in that went badly: it leaves the alerts."""
    if check_in.read_at is not None:
        return
    with transaction.atomic():
        CheckIn.objects.filter(pk=check_in.pk).update(read_at=timezone.now(), read_by=actor)
        record(actor, "community.mentoring.check_in_read", check_in, pair=check_in.pair_id)


def close_pair(
    actor: User, pair: Pair, *, reason: str, ended_on: datetime.date, today: datetime.date | None = None
) -> None:
    """End a match, with a reason from the list."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if reason not in EndReason.values:
        errors["reason"] = _("Choose why the match ended.")
    if ended_on > today:
        errors["ended_on"] = _("The end date cannot be in the future.")
    elif ended_on < pair.started_on:
        errors["ended_on"] = _("The end date is before the match started.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        updated = Pair.objects.filter(pk=pair.pk, ended_on__isnull=True).update(ended_on=ended_on, end_reason=reason)
        if not updated:
            raise ValidationError(_("This match has already ended."))
        record(actor, "community.mentoring.pair_closed", pair, reason=reason)
    pair.ended_on, pair.end_reason = ended_on, reason


def record_mentor_view(mentee: Mentee, elements: Sequence[str]) -> bool:
    """A mentor opening their page sees these elements of the student: a disclosure, recorded.
    False (and nothing recorded) when the consent no longer covers them."""
    if not elements:
        return True
    referral = mentee.referral
    try:
        disclose(None, referral.student, mentee.program.organization, elements, referral.purpose, Channel.PAGE)
    except NotCovered:
        return False
    return True
