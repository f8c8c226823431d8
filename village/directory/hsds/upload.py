"""An uploaded directory file, read in its format into HSDS tables (nothing is written)."""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from village.directory.hsds.formats import read_json, read_package
from village.directory.hsds.sources import ohana, transformer
from village.directory.hsds.tables import Tables
from village.directory.models import ImportFormat
from village.lib.archives import open_zip
from village.lib.imports import UnreadableFile

# The legacy formats: a folder of CSV files, and the source name identifiers are derived under.
LEGACY_READERS: dict[str, tuple[Callable[[Path], Tables], str]] = {
    ImportFormat.OHANA: (ohana.read, "ohana"),
    ImportFormat.ILLINOIS: (transformer.read_illinois, "ilao"),
    ImportFormat.FLORIDA: (transformer.read_florida, "florida-legal-aid"),
}


def _unzip(path: Path, into: Path, tables: Tables, filename: str) -> Path | None:
    try:
        archive = open_zip(path, filename)
        try:
            for member in archive.infolist():
                name = Path(member.filename).name
                if name and not member.is_dir() and not member.filename.startswith("__MACOSX"):
                    (into / name).write_bytes(archive.read(member))  # flattened: no paths from the zip
        finally:
            archive.close()
    except zipfile.BadZipFile:
        tables.reject(filename, 0, "", "bad_zip")
        return None
    except UnreadableFile as exc:
        tables.rejections.append(exc.rejection(filename))
        return None
    return into


def read_upload(fmt: str, path: Path, filename: str) -> tuple[Tables, str]:
    """HSDS rows from an uploaded file (or a folder, for the legacy formats), and the source name."""
    if fmt == ImportFormat.HSDS_JSON:
        return read_json(path.read_bytes(), filename), "hsds"
    if fmt == ImportFormat.HSDS_CSV:
        return read_package(path.read_bytes(), filename), "hsds"
    reader, source = LEGACY_READERS[fmt]
    if path.is_dir():
        return reader(path), source
    with tempfile.TemporaryDirectory() as tmp:
        failed = Tables()
        folder = _unzip(path, Path(tmp), failed, filename)
        return (reader(folder) if folder else failed), source
