"""The new words of an email reply, above the quoted earlier message, as mail programs write it."""

from __future__ import annotations

import pytest

from village.messaging.replies import new_text

QUOTE = "> Can Layla take the bus to the clinic on Tuesday?\n"


@pytest.mark.parametrize(
    "reply",
    [
        f"Yes, thank you!\n\n{QUOTE}",
        f"Yes, thank you!\r\n\r\nOn Mon, Dec 7, 2026 at 9:00 AM Rosa Diaz <rosa@school.example> wrote:\r\n{QUOTE}",
        f"Yes, thank you!\n\nOn Mon, Dec 7, 2026 at 9:00 AM Rosa Diaz <rosa@school.example>\nwrote:\n{QUOTE}",
        f"Yes, thank you!\n\nEl lun, 7 dic 2026 a las 9:00, Rosa (<rosa@school.example>) escribió:\n{QUOTE}",
        "Yes, thank you!\n\n-----Original Message-----\nFrom: Rosa\nCan Layla take the bus?",
        "Yes, thank you!\n________________________________\nFrom: Rosa <rosa@school.example>\nSent: Monday",
        "Yes, thank you!\n-- \nAmina Hassan\n",
        "Yes, thank you!\n\nRosa <rosa@school.example> 于2026年12月7日周一 09:00写道：\n> 可以吗",
    ],
)
def test_the_quoted_earlier_message_is_cut_off(reply: str) -> None:
    assert new_text(reply) == "Yes, thank you!"


def test_a_reply_without_a_quote_is_kept_whole() -> None:
    reply = "Yes.\nI wrote down the time: 9:00.\nThanks"
    assert new_text(reply) == reply
