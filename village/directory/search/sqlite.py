"""SQLite: an R*Tree over (longitude, latitude, category) and an FTS5 index over the text."""

# ruff: noqa: S608  (SQL here joins constant fragments; every value travels as a %s parameter)
from __future__ import annotations

from village.directory.search.query import Hit, Query, expanding_search, tokens

RTREE = "directory_searchentry_rtree"
FTS = "directory_searchentry_fts"

# Created by migration 0002 when the database is SQLite; triggers keep both in step with the table.
CREATE = [
    f"CREATE VIRTUAL TABLE {RTREE} USING rtree(id, min_lon, max_lon, min_lat, max_lat, min_cat, max_cat)",
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(text, content='directory_searchentry', content_rowid='id', "
    'tokenize="unicode61 remove_diacritics 0")',
    f"""CREATE TRIGGER directory_searchentry_ai AFTER INSERT ON directory_searchentry BEGIN
        INSERT INTO {RTREE} VALUES (new.id, new.longitude, new.longitude, new.latitude, new.latitude,
                                    new.category, new.category);
        INSERT INTO {FTS}(rowid, text) VALUES (new.id, new.text);
    END""",
    f"""CREATE TRIGGER directory_searchentry_ad AFTER DELETE ON directory_searchentry BEGIN
        DELETE FROM {RTREE} WHERE id = old.id;
        INSERT INTO {FTS}({FTS}, rowid, text) VALUES ('delete', old.id, old.text);
    END""",
    f"""CREATE TRIGGER directory_searchentry_au AFTER UPDATE ON directory_searchentry BEGIN
        DELETE FROM {RTREE} WHERE id = old.id;
        INSERT INTO {FTS}({FTS}, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO {RTREE} VALUES (new.id, new.longitude, new.longitude, new.latitude, new.latitude,
                                    new.category, new.category);
        INSERT INTO {FTS}(rowid, text) VALUES (new.id, new.text);
    END""",
]
DROP = [
    "DROP TRIGGER IF EXISTS directory_searchentry_au",
    "DROP TRIGGER IF EXISTS directory_searchentry_ad",
    "DROP TRIGGER IF EXISTS directory_searchentry_ai",
    f"DROP TABLE IF EXISTS {FTS}",
    f"DROP TABLE IF EXISTS {RTREE}",
]


def _box(min_lon: float, min_lat: float, max_lon: float, max_lat: float) -> list[object]:
    return [min_lon, max_lon, min_lat, max_lat]


def nearest(query: Query) -> list[Hit]:
    # The category is an R*Tree dimension, so the most selective filter is answered by the index.
    box_sql = (
        f"e.id IN (SELECT id FROM {RTREE} WHERE max_lon >= %s AND min_lon <= %s AND max_lat >= %s "
        f"AND min_lat <= %s AND min_cat <= {int(query.category)} AND max_cat >= {int(query.category)})"
    )
    words = tokens(query.text)
    text_sql = f"e.id IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)" if words else ""
    text_params: list[object] = [" AND ".join(f'"{w}"' for w in words)] if words else []
    return expanding_search(query, box_sql, _box, text_sql, text_params)
