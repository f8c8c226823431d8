"""Readers that turn legacy directory exports into HSDS 3 tables (`village.directory.hsds.tables.Tables`)."""
