"""The record of disclosures: append-only, one row each time student information leaves the school."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models.base import ModelBase
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from village.families.models.consent import Consent, OtherLegalBasis
from village.families.models.core import Student
from village.families.vocab import Channel, DataElement, Purpose


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove a disclosure record."""


class DisclosureQuerySet(models.QuerySet["DisclosureRecord"]):
    def update(self, **kwargs: object) -> int:
        raise AppendOnlyError("Disclosure records cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Disclosure records cannot be deleted.")

    def bulk_update(self, *args: object, **kwargs: object) -> int:
        raise AppendOnlyError("Disclosure records cannot be changed.")


class DisclosureRecord(models.Model):
    """Who disclosed which elements of whose record, to whom, why, on what basis, when and how.

    Written only by `village.families.actions.disclose`, in the same transaction as the
    disclosure itself.
    """

    district = models.ForeignKey("orgs.District", on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="disclosures")
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("disclosed by")
    )
    recipient = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("recipient")
    )
    elements = models.JSONField(_("information"), default=list)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    purpose_detail = models.TextField(_("details"), blank=True)
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="disclosures")
    legal_basis = models.ForeignKey(
        OtherLegalBasis, on_delete=models.PROTECT, null=True, blank=True, related_name="disclosures"
    )
    channel = models.CharField(_("how"), max_length=20, choices=Channel.choices)
    disclosed_at = models.DateTimeField(_("when"), default=timezone.now)

    objects = DisclosureQuerySet.as_manager()

    class Meta:
        verbose_name = _("disclosure record")
        verbose_name_plural = _("disclosure records")
        ordering = ["-disclosed_at", "-id"]
        indexes = [
            models.Index(fields=["student", "-disclosed_at"]),
            models.Index(fields=["district", "-disclosed_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consent__isnull=False) | models.Q(legal_basis__isnull=False),
                name="disclosure_has_basis",
            )
        ]

    def __str__(self) -> str:
        return f"{self.disclosed_at:%Y-%m-%d %H:%M} {self.student} → {self.recipient}"

    def save(
        self,
        *,
        force_insert: bool | tuple[ModelBase, ...] = False,
        force_update: bool = False,
        using: str | None = None,
        update_fields: Iterable[str] | None = None,
    ) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Disclosure records cannot be changed.")
        super().save(force_insert=True, force_update=force_update, using=using, update_fields=update_fields)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Disclosure records cannot be deleted.")

    def element_labels(self) -> list[str]:
        labels = dict(DataElement.choices)
        return [str(labels.get(e, e)) for e in self.elements]
