"""Zip files people upload, opened within bounds.

A zip names the size of each member, but a small upload can expand a thousandfold (a "zip
bomb") and a crafted header can understate a member. Every zip Village reads (a directory's
CSV package or legacy folder, a OneRoster roster, an Excel workbook, which is a zip too) goes
through `open_zip`, which refuses an archive with too many members or whose members add up to
more than the limit, and `read_member`, which stops reading a member at the limit whatever its
header said. Each refusal is an `UnreadableFile` whose message names the file and the limit.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_noop

from village.lib.rejections import UnreadableFile, megabytes

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ArchiveLimits:
    """The most Village expands from one upload: members, and bytes in all members together."""

    max_members: int
    max_expanded_bytes: int

    @classmethod
    def configured(cls) -> ArchiveLimits:
        return cls(settings.VILLAGE_UPLOAD_MAX_FILES, settings.VILLAGE_UPLOAD_MAX_EXPANDED_MB * 1024 * 1024)


def _too_large(name: str, limits: ArchiveLimits) -> UnreadableFile:
    return UnreadableFile(
        "expands_too_far",
        gettext_noop("%(file)s expands to more than %(limit)s MB; the most Village unpacks from one upload."),
        file=name,
        limit=megabytes(limits.max_expanded_bytes),
    )


class BoundedZip:
    """An open zip whose reads, together, never go past the limit."""

    def __init__(self, archive: zipfile.ZipFile, name: str, limits: ArchiveLimits) -> None:
        self.archive = archive
        self.name = name
        self.limits = limits
        self.expanded = 0

    def namelist(self) -> list[str]:
        return self.archive.namelist()

    def infolist(self) -> list[zipfile.ZipInfo]:
        return self.archive.infolist()

    def read(self, member: str | zipfile.ZipInfo) -> bytes:
        """The member's bytes, counted against the limit as they are read (a header may lie)."""
        out = io.BytesIO()
        with self.archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                self.expanded += len(chunk)
                if self.expanded > self.limits.max_expanded_bytes:
                    raise _too_large(self.name, self.limits)
                out.write(chunk)
        return out.getvalue()

    def close(self) -> None:
        self.archive.close()


def open_zip(source: Path | bytes, name: str, limits: ArchiveLimits | None = None) -> BoundedZip:
    """The zip at `source` (a path or the upload's bytes), checked before anything is expanded.

    Raises `zipfile.BadZipFile` when it is not a zip, and `UnreadableFile` when it holds more
    members than the limit or says its members add up to more than the limit."""
    limits = limits or ArchiveLimits.configured()
    archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    members = archive.infolist()
    if len(members) > limits.max_members:
        archive.close()
        raise UnreadableFile(
            "too_many_files",
            gettext_noop("%(file)s holds %(count)s files; the most Village unpacks from one upload is %(limit)s."),
            file=name,
            count=len(members),
            limit=limits.max_members,
        )
    if sum(member.file_size for member in members) > limits.max_expanded_bytes:
        archive.close()
        raise _too_large(name, limits)
    return BoundedZip(archive, name, limits)
