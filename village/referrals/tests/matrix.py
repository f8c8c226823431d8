"""Who reaches each referrals page (merged into tests/test_authorization_matrix.py).

Layla's referral goes from Lincoln (Dana, Rosa; Sam teaches her) to the clinic (Mai). Amina
is Layla's mother. Pat (another organization), Omar (another district), Lucas and Grace
never see it.
"""

from __future__ import annotations

from typing import Any

from conftest import World
from tests.matrix_support import Page
from village.messaging.tests.matrix import WEBHOOK
from village.referrals.tests.helpers import clinic_tutoring, layla_consent_request, layla_need, layla_referral

LAYLA_STAFF = ("dana", "rosa", "sam")
LAYLA_ALL = ("dana", "rosa", "sam", "amina")


def _need(w: World) -> dict[str, Any]:
    return {"pk": layla_need(w).pk}


def _referral(w: World) -> dict[str, Any]:
    return {"pk": layla_referral(w).pk}


def _family_ask(w: World) -> Any:
    import uuid

    from village.referrals.actions.asks import ask_for_service

    return ask_for_service(w.amina, w.layla, clinic_tutoring(w), submission_key=uuid.uuid4().hex)


PAGES: dict[str, Page] = {
    "referrals:refer": Page(kwargs=lambda w: {**_need(w), "service_pk": clinic_tutoring(w).pk}, allowed=LAYLA_STAFF),
    "referrals:student": Page(kwargs=lambda w: {"pk": layla_need(w).student_id}, allowed=LAYLA_ALL),
    "referrals:quick_refer": Page(kwargs=lambda w: {"pk": layla_need(w).student_id}, allowed=LAYLA_STAFF),
    "referrals:request_consent": Page(kwargs=lambda w: {"pk": w.layla.pk, "service_pk": 1}, method="POST"),
    "referrals:consent_answer": Page(kwargs=lambda w: {"pk": layla_consent_request(w).pk}, allowed=("amina",)),
    "referrals:consent_decline": Page(kwargs=lambda w: {"pk": 1}, method="POST"),
    "referrals:consent_request": Page(kwargs=lambda w: {"pk": layla_consent_request(w).pk}, allowed=LAYLA_STAFF),
    "referrals:consent_send": Page(kwargs=lambda w: {"pk": 1}, method="POST"),
    "referrals:consent_withdraw": Page(kwargs=lambda w: {"pk": 1}, method="POST"),
    "referrals:inbox": Page(allowed=("mai", "pat")),
    "referrals:detail": Page(kwargs=_referral, allowed=("dana", "rosa", "sam", "mai", "amina")),
    "referrals:move": Page(kwargs=lambda w: {"pk": 1, "to": "accepted"}, method="POST"),
    "referrals:note": Page(kwargs=lambda w: {"pk": 1}, method="POST"),
    "referrals:feedback": Page(kwargs=lambda w: {"pk": 1}, method="POST"),
    "referrals:read_answer": Page(kwargs=lambda w: {"pk": 1}, method="POST"),
    # Only Layla's family asks the school for a service; staff refer instead (404 alike).
    "referrals:ask": Page(kwargs=lambda w: {"service_pk": clinic_tutoring(w).pk}, allowed=("amina",)),
    "referrals:ask_sent": Page(kwargs=lambda w: {"pk": _family_ask(w).pk}, allowed=("amina",)),
    "referrals:school": Page(kwargs=lambda w: {"pk": w.lincoln.pk}, allowed=("dana", "rosa")),
    # Twilio's inbound-message webhook: signed POSTs only (test_text_replies.py).
    "referrals:inbound_text": WEBHOOK,
}
