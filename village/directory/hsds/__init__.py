"""Open Referral HSDS 3: the directory's exchange format.

Every importer (HSDS JSON, the HSDS CSV data package, the legacy Ohana and hsds-transformer
exports) turns its input into `Tables`: HSDS 3 tabular rows, each remembering the file and row
it came from. `plan.py` checks those rows into a typed plan (no writes), and
`village.directory.actions.imports` writes the plan in a single transaction; one serializer
(`serialize.py`) turns models back into HSDS 3 objects for the export and the `/api/hsds/` API.
"""
