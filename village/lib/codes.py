"""Codes people type or follow to prove something: the claim code of an invitation (printed on a
letter, or inside the link of an email) and the short proof code Village emails during a claim.

Neither is ever stored. An invitation keeps a random nonce; its claim code is that nonce signed
with the site's secret key (HMAC-SHA256) and written in 12 symbols from an alphabet without the
look-alikes 0/O and 1/I/L (31 symbols, about 59 bits). The database keeps only a keyed digest of
the code, to find the invitation when someone types it, so a copy of the database alone reveals
no code, while a letter can be printed again for as long as its invitation is open. Rotating
`SECRET_KEY` voids every open code (the school sends new invitations).
"""

from __future__ import annotations

import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CLAIM_CODE_LENGTH = 12
PROOF_CODE_DIGITS = 6


def new_nonce() -> str:
    return secrets.token_hex(16)


def claim_code(nonce: str) -> str:
    """The claim code derived from an invitation's nonce (always the same for one nonce)."""
    number = int.from_bytes(salted_hmac("village.claim-code", nonce, algorithm="sha256").digest(), "big")
    symbols = []
    for _ in range(CLAIM_CODE_LENGTH):
        number, index = divmod(number, len(ALPHABET))
        symbols.append(ALPHABET[index])
    return "".join(symbols)


def normalize(typed: str) -> str:
    """A code as a person typed it, without spaces, dashes and case (on a letter it is grouped)."""
    return "".join(c for c in typed.upper() if c.isalnum())


def looks_like_claim_code(typed: str) -> bool:
    code = normalize(typed)
    return len(code) == CLAIM_CODE_LENGTH and all(c in ALPHABET for c in code)


def grouped(code: str) -> str:
    """The code as printed: three groups of four ("K7Q4-M9XP-3DRT")."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def digest(code: str) -> str:
    """The keyed digest an invitation stores to be found by its claim code."""
    return salted_hmac("village.claim-digest", normalize(code), algorithm="sha256").hexdigest()


def new_proof_code() -> str:
    """A short code to email during a claim: six digits, easy to type on a phone."""
    return f"{secrets.randbelow(10**PROOF_CODE_DIGITS):0{PROOF_CODE_DIGITS}d}"


def proof_digest(scope: str, code: str) -> str:
    """The keyed digest of a proof code, bound to what it proves (`scope`, e.g. an invitation's nonce)."""
    return salted_hmac("village.proof-code", f"{scope}:{normalize(code)}", algorithm="sha256").hexdigest()


def proof_matches(scope: str, code: str, stored: str) -> bool:
    return bool(stored) and constant_time_compare(proof_digest(scope, code), stored)
