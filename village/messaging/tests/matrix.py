"""Twilio's webhooks (merged into tests/test_authorization_matrix.py): no session, a POST signed with
the auth token or refused (tested in test_twilio.py and referrals' test_text_replies.py); a GET
answers 405 to everyone."""

from __future__ import annotations

from conftest import PERSONAS
from tests.matrix_support import ALL_SIGNED_IN, Page

WEBHOOK = Page(extra=dict.fromkeys(PERSONAS, 405))

PAGES: dict[str, Page] = {
    "messaging:text_status": WEBHOOK,
    # Each signed-in person's own choices of what Village sends them (staff and families alike).
    "messaging:preferences": Page(allowed=ALL_SIGNED_IN),
}
