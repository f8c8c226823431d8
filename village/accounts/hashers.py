"""Password hashing: Argon2id at OWASP's minimum cost, so a sign-in stays fast on a busy server.

Django's own Argon2 settings (100 MiB of memory, 8 lanes, 2 passes) cost about 100 ms of CPU and
100 MiB per sign-in; on two cores a morning's sign-ins queued behind each other for seconds. OWASP's
Password Storage Cheat Sheet lists equivalent Argon2id settings; its first, m=19 MiB, t=2, p=1, is
the one it recommends as the minimum. Stored hashes name their own parameters, so older hashes still
verify and are rehashed with these at the person's next sign-in (Django's `must_update`).
docs/operations.md says why these numbers.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    """Argon2id (Django's variant), m=19 MiB, t=2, p=1."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
