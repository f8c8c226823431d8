"""Every kind of message Village queues belongs to one topic a person can choose for, or is
urgent: read from the code, so a new kind cannot be added without saying which."""

from __future__ import annotations

import ast
from pathlib import Path

from village.messaging.topics import TOPICS, URGENT_KINDS, is_urgent, topic_of

ROOT = Path(__file__).resolve().parents[2]
# The calls that queue a message, and the position of the kind among their arguments.
KIND_AT = {"queue_email": 0, "queue_each": 0, "_tell": 1}


def _kinds_queued() -> set[str]:
    found: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name not in KIND_AT:
                continue
            values = [kw.value for kw in node.keywords if kw.arg == "kind"]
            if len(node.args) > KIND_AT[name]:
                values.append(node.args[KIND_AT[name]])
            found |= {v.value for v in values if isinstance(v, ast.Constant) and "." in str(v.value)}
    return found


def test_every_kind_queued_has_a_topic_or_is_urgent() -> None:
    kinds = _kinds_queued()
    assert {"referrals.stalled", "partnerships.overdue", "families.member.linked", "voice.survey"} <= kinds
    assert sorted(k for k in kinds if topic_of(k) is None and not is_urgent(k)) == []


def test_no_kind_is_both_urgent_and_in_a_topic() -> None:
    in_topics = [k for t in TOPICS for k in t.kinds]
    assert len(in_topics) == len(set(in_topics))
    assert not set(in_topics) & URGENT_KINDS
