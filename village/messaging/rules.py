"""Who sees the outbox: the district's leads, for their district's messages."""

from __future__ import annotations

import rules

from village.orgs.rules import leads_district

rules.add_perm("messaging.view_outbox", leads_district)
