"""Spatial and full-text indexes over SearchEntry, in each database's own dialect.

The SQL is written out here (not imported) so this migration never changes after it ships.
"""

from typing import Any

from django.db import migrations

POSTGRES_CREATE = ['CREATE EXTENSION IF NOT EXISTS btree_gist',
 'ALTER TABLE directory_searchentry ADD COLUMN geo point GENERATED ALWAYS AS (point(longitude, latitude)) '
 'STORED',
 "ALTER TABLE directory_searchentry ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', "
 'text)) STORED',
 'CREATE INDEX directory_searchentry_category_geo ON directory_searchentry USING gist (category, geo)',
 'CREATE INDEX directory_searchentry_tsv ON directory_searchentry USING gin (tsv)']
POSTGRES_DROP = ['DROP INDEX IF EXISTS directory_searchentry_tsv',
 'DROP INDEX IF EXISTS directory_searchentry_category_geo',
 'ALTER TABLE directory_searchentry DROP COLUMN IF EXISTS tsv',
 'ALTER TABLE directory_searchentry DROP COLUMN IF EXISTS geo']
SQLITE_CREATE = ['CREATE VIRTUAL TABLE directory_searchentry_rtree USING rtree(id, min_lon, max_lon, min_lat, max_lat, '
 'min_cat, max_cat)',
 "CREATE VIRTUAL TABLE directory_searchentry_fts USING fts5(text, content='directory_searchentry', "
 'content_rowid=\'id\', tokenize="unicode61 remove_diacritics 0")',
 'CREATE TRIGGER directory_searchentry_ai AFTER INSERT ON directory_searchentry BEGIN\n'
 '        INSERT INTO directory_searchentry_rtree VALUES (new.id, new.longitude, new.longitude, '
 'new.latitude, new.latitude,\n'
 '                                    new.category, new.category);\n'
 '        INSERT INTO directory_searchentry_fts(rowid, text) VALUES (new.id, new.text);\n'
 '    END',
 'CREATE TRIGGER directory_searchentry_ad AFTER DELETE ON directory_searchentry BEGIN\n'
 '        DELETE FROM directory_searchentry_rtree WHERE id = old.id;\n'
 "        INSERT INTO directory_searchentry_fts(directory_searchentry_fts, rowid, text) VALUES ('delete', "
 'old.id, old.text);\n'
 '    END',
 'CREATE TRIGGER directory_searchentry_au AFTER UPDATE ON directory_searchentry BEGIN\n'
 '        DELETE FROM directory_searchentry_rtree WHERE id = old.id;\n'
 "        INSERT INTO directory_searchentry_fts(directory_searchentry_fts, rowid, text) VALUES ('delete', "
 'old.id, old.text);\n'
 '        INSERT INTO directory_searchentry_rtree VALUES (new.id, new.longitude, new.longitude, '
 'new.latitude, new.latitude,\n'
 '                                    new.category, new.category);\n'
 '        INSERT INTO directory_searchentry_fts(rowid, text) VALUES (new.id, new.text);\n'
 '    END']
SQLITE_DROP = ['DROP TRIGGER IF EXISTS directory_searchentry_au',
 'DROP TRIGGER IF EXISTS directory_searchentry_ad',
 'DROP TRIGGER IF EXISTS directory_searchentry_ai',
 'DROP TABLE IF EXISTS directory_searchentry_fts',
 'DROP TABLE IF EXISTS directory_searchentry_rtree']
STATEMENTS = {
    "postgresql": (POSTGRES_CREATE, POSTGRES_DROP),
    "sqlite": (SQLITE_CREATE, SQLITE_DROP),
}


def forwards(apps: Any, schema_editor: Any) -> None:
    for sql in STATEMENTS.get(schema_editor.connection.vendor, ([], []))[0]:
        schema_editor.execute(sql)


def backwards(apps: Any, schema_editor: Any) -> None:
    for sql in STATEMENTS.get(schema_editor.connection.vendor, ([], []))[1]:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_hsds_directory")]
    operations = [migrations.RunPython(forwards, backwards)]
