"""Volunteering at Lincoln for the community tests and the authorization matrix (made through the actions)."""

from __future__ import annotations

from typing import Any

from conftest import World


def clinic_partnership(w: World) -> Any:
    """An active partnership between Lincoln and the clinic (Mai's organization)."""
    from village.partnerships.actions import change_status, create_partnership

    partnership = create_partnership(
        w.rosa,
        w.riverbend,
        schools=[w.lincoln],
        organizations=[w.clinic],
        name="Lincoln and the clinic",
        partner_type="health",
        shared_goals="Healthy readers.",
    )
    return change_status(w.rosa, partnership, "active")


def lincoln_opportunity(w: World, **fields: object) -> Any:
    from village.community.actions import post_opportunity

    partnership = fields.pop("partnership", None)
    values = {
        "role": "Reading buddy",
        "description": "Read with a second grader.",
        "schedule": "Tuesdays 3 to 4 pm",
        "skills": "Patience",
        "languages": ["ar", "es"],
        "clearances": ["background_check"],
        "places": 4,
    } | fields
    return post_opportunity(w.rosa, w.lincoln, fields=values, partnership=partnership)


def signed_up(w: World, opportunity: Any, email: str = "nadia@example.org") -> Any:
    from village.community.actions import sign_up

    return sign_up(opportunity, name="Nadia Karim", email=email, language="ar")
