"""Demo governance at Lincoln: a joint council with rotating co-chairs adopts consent-based
bylaws, meets with interpretation and childcare, and decides by consent Amina's proposal
answering what families said (a voice Theme); the decision is in the public log and in
"you said, we did", with its follow-up under way."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from village.accounts.models import Membership, Role, User
from village.governance import actions
from village.governance.models import Council, CouncilMember, Decision, Proposal, SeatType, VotingMethod
from village.orgs.models import District, School
from village.voice.models import Theme

COUNCIL_NAME = "Lincoln Family and Community Council"
BYLAWS = """1. Purpose. The council brings families, educators, community partners and neighbours together to
decide how Lincoln's partnerships serve every learner.
2. Membership. Seats for families, educators, community partners and community members, for terms of two years.
3. Co-chairs. Two co-chairs serve together and rotate every four months among the family, community and
partner seats, in the order the council keeps.
4. Decisions. The council decides by consent: a proposal passes unless a member raises a paramount objection,
with its reason, which the council then works through.
5. Quorum. Half of the members serving.
6. Meetings. Monthly, with interpretation, childcare and an accessible room whenever families ask."""


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def _theme(riverbend: District, lincoln: School) -> list[Theme]:
    """Voice's childcare theme at Lincoln, which the voice demo draws from its listening circle."""
    return [t for t in Theme.objects.filter(district=riverbend, school=lincoln) if "childcare" in (t.barriers or [])][
        :1
    ]


def build(riverbend: District, lincoln: School) -> None:
    coordinator = _user("coordinator@village.test")
    grace = _user("council@village.test")
    amina = _user("family@village.test")
    if coordinator is None or grace is None or amina is None:
        return
    educator = (
        Membership.objects.active()
        .filter(school=lincoln, role=Role.EDUCATOR)
        .exclude(user__email__endswith="@village.test")
        .select_related("user")
        .order_by("pk")
        .first()
    )
    partner = (
        Membership.objects.active()
        .filter(role=Role.PARTNER_STAFF, organization__region=riverbend.region_id)
        .exclude(user__email__endswith="@village.test")
        .select_related("user", "organization")
        .order_by("pk")
        .first()
    )
    today = timezone.localdate()
    term_start = datetime.date(today.year - 1, 9, 1)
    council = actions.create_council(coordinator, district=riverbend, school=lincoln, kind="joint", name=COUNCIL_NAME)
    seat: dict[str, Any] = {"term_start": term_start, "term_end": datetime.date(today.year + 1, 8, 31)}
    actions.add_member(coordinator, council, email=grace.email, seat_type=SeatType.COMMUNITY, **seat)
    actions.add_member(coordinator, council, email=amina.email, seat_type=SeatType.FAMILY, **seat)
    if educator is not None:
        actions.add_member(coordinator, council, email=educator.user.email, seat_type=SeatType.EDUCATOR, **seat)
    if partner is not None:
        actions.add_member(
            coordinator,
            council,
            email=partner.user.email,
            seat_type=SeatType.PARTNER,
            organization=partner.organization,
            **seat,
        )
    members = list(CouncilMember.objects.filter(council=council).select_related("user"))

    # The founding decision adopts the bylaws (majority, more than half voting).
    bylaws = actions.draft_bylaws(
        coordinator,
        council,
        text=BYLAWS,
        voting_method=VotingMethod.CONSENT,
        quorum_fraction=Decimal("0.5"),
        quorum_count=None,
        rotation_months=4,
        rotation_seats=[SeatType.FAMILY, SeatType.COMMUNITY, SeatType.PARTNER],
        rotation_start=term_start,
    )
    founding = actions.submit_proposal(
        grace,
        council,
        language="en",
        title="Adopt the council's bylaws",
        what="Adopt version 1 of the bylaws: decisions by consent, quorum of half, co-chairs rotating "
        "every four months.",
        why="The council needs agreed rules before it decides anything else.",
        equity_goal="Families and community members share leadership with staff: co-chairs rotate across "
        "family, community and partner seats.",
        timeline="At the first meeting",
        responsible="The co-chairs",
        bylaws=bylaws,
    )
    _decide(coordinator, founding, members, datetime.timedelta(days=300))

    now = timezone.now()
    meeting = actions.schedule_meeting(
        coordinator,
        council,
        starts_at=now - datetime.timedelta(days=21),
        place="Lincoln Elementary School library (step-free entrance)",
        interpretation=["ar", "es"],
        childcare=True,
        transport=False,
        accessible_venue=True,
    )
    themes = _theme(riverbend, lincoln)
    proposal = actions.submit_proposal(
        amina,
        council,
        language="en",
        title="Childcare and interpretation at every council meeting",
        what="Offer childcare in the room next door and Arabic interpretation at every council meeting.",
        why="Parents of young children, and parents who speak Arabic, cannot take part today.",
        equity_goal="Families with young children and Arabic-speaking families take part in the council's "
        "decisions as fully as others.",
        timeline="From next month; reviewed at the end of the school year",
        responsible="Rosa (coordinator) and Amina Hassan (family seat)",
        themes=themes,
    )
    actions.add_resource(
        amina, proposal, what="A childcare room and two staff at each meeting", from_whom="Lincoln Elementary School"
    )
    actions.add_resource(
        amina,
        proposal,
        what="An Arabic interpreter, two hours a month",
        from_whom=partner.organization.name if partner is not None and partner.organization else "Riverbend Unified",
    )
    for position, title in enumerate(["Welcome and co-chairs' report", "Childcare and interpretation (proposal)"], 1):
        actions.add_agenda_item(coordinator, meeting, title=title, proposal=proposal if position == 2 else None)
    actions.record_meeting(
        coordinator,
        meeting,
        attendees=members,
        minutes="All members present. Amina presented her proposal; Grace suggested Spanish interpretation too. "
        "The co-chairs will open voting by consent after the discussion.",
    )
    amendment = actions.comment(
        grace,
        proposal,
        text="Spanish-speaking families asked for the same at the listening session.",
        amendment="Offer childcare in the room next door and Arabic and Spanish interpretation at every "
        "council meeting.",
    )
    actions.settle_amendment(amina, amendment, accept=True)
    # Staff translate what families read most; the other proposals stay marked "not yet translated".
    actions.translate_proposal(
        coordinator,
        proposal,
        "ar",
        {
            "title": "رعاية الأطفال والترجمة الفورية في كل اجتماع للمجلس",
            "what": "توفير رعاية الأطفال في الغرفة المجاورة وترجمة فورية إلى العربية والإسبانية في كل اجتماع للمجلس.",
            "equity_goal": "تشارك العائلات ذات الأطفال الصغار والعائلات الناطقة بالعربية في قرارات المجلس كغيرها.",
        },
    )
    actions.translate_proposal(
        coordinator, proposal, "es", {"title": "Cuidado de niños e interpretación en cada reunión del consejo"}
    )
    decision = _decide(coordinator, proposal, members, datetime.timedelta(days=14))
    actions.report_progress(
        coordinator,
        decision,
        status="in_progress",
        text="Childcare room booked for every meeting; first interpreted meeting held with Arabic and Spanish.",
    )
    _open_business(coordinator, grace, amina, council, members)


def _open_business(coordinator: User, grace: User, amina: User, council: Council, members: list[CouncilMember]) -> None:
    """What the council has in hand today: a proposal in a vote (Amina has voted, Grace not yet)
    and one still being discussed, so members have something to vote on and to comment."""
    now = timezone.now()
    in_vote = actions.submit_proposal(
        grace,
        council,
        language="en",
        title="A family room open on Wednesday afternoons",
        what="Open the library annex as a family room on Wednesdays from 15:00 to 17:00, with a partner "
        "on hand to help families find services.",
        why="Families say they do not know whom to ask, and the office is busy at pick-up time.",
        equity_goal="Families who work shifts or read little English get help in person, in their language.",
        timeline="From the next term",
        responsible="Rosa (coordinator) with a partner each week",
    )
    actions.open_voting(
        coordinator,
        in_vote,
        opens_at=now - datetime.timedelta(days=2),
        closes_at=now + datetime.timedelta(days=5),
        anonymous=False,
    )
    actions.vote(amina, in_vote, choice="for", now=now - datetime.timedelta(days=1))
    actions.submit_proposal(
        amina,
        council,
        language="en",
        title="Walking groups to school",
        what="Parents take turns walking groups of children to school along three routes.",
        why="Some children miss the first lesson because no adult can walk them.",
        equity_goal="Children whose parents start work early arrive on time and safe.",
        timeline="A trial in the spring",
        responsible="Amina Hassan (family seat) and volunteers",
    )


def _decide(actor: User, proposal: Proposal, members: list[CouncilMember], ago: datetime.timedelta) -> Decision:
    now = timezone.now()
    actions.open_voting(
        actor, proposal, opens_at=now - ago - datetime.timedelta(days=7), closes_at=now - ago, anonymous=False
    )
    for m in members:
        actions.vote(m.user, proposal, choice="for", now=now - ago - datetime.timedelta(days=1))
    return actions.decide(actor, proposal, now=now - ago)
