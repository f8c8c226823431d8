"""The one pagination of the API: `limit` and `offset` within bounds, or a 422 naming the bound."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from village.lib.access import MAX_ROW_ID

MAX_LIMIT = 500


class Pages(LimitOffsetPagination):
    """Limit and offset pagination whose `limit` is 1 to 500 and whose `offset` fits a database
    integer: a larger value answers 422 with the bound in its message, never a server error."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT, description=f"How many items, 1 to {MAX_LIMIT}.")
        offset: int = Field(0, ge=0, le=MAX_ROW_ID, description="How many items to skip.")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
