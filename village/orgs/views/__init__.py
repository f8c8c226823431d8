"""Pages of the tenancy tree: districts, schools, partner organizations, people and roles, the outbox."""
