"""PostgreSQL: a GiST index on (category, point) with btree_gist, and a GIN index on a tsvector."""

from __future__ import annotations

from village.directory.search.query import Hit, Query, expanding_search, tokens

# Created by migration 0002 when the database is PostgreSQL.
CREATE = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    "ALTER TABLE directory_searchentry ADD COLUMN geo point GENERATED ALWAYS AS (point(longitude, latitude)) STORED",
    "ALTER TABLE directory_searchentry ADD COLUMN tsv tsvector"
    " GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED",
    "CREATE INDEX directory_searchentry_category_geo ON directory_searchentry USING gist (category, geo)",
    "CREATE INDEX directory_searchentry_tsv ON directory_searchentry USING gin (tsv)",
]
DROP = [
    "DROP INDEX IF EXISTS directory_searchentry_tsv",
    "DROP INDEX IF EXISTS directory_searchentry_category_geo",
    "ALTER TABLE directory_searchentry DROP COLUMN IF EXISTS tsv",
    "ALTER TABLE directory_searchentry DROP COLUMN IF EXISTS geo",
]


def _box(min_lon: float, min_lat: float, max_lon: float, max_lat: float) -> list[object]:
    return [min_lon, min_lat, max_lon, max_lat]


def nearest(query: Query) -> list[Hit]:
    box_sql = "e.geo <@ box(point(%s, %s), point(%s, %s))"
    words = tokens(query.text)
    text_sql = "e.tsv @@ plainto_tsquery('simple', %s)" if words else ""
    return expanding_search(query, box_sql, _box, text_sql, [" ".join(words)] if words else [])
