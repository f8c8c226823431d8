"""The community asset map in the Open Referral HSDS 3.0 shape.

Partner organizations are `orgs.Organization`; `DirectoryProfile` adds the HSDS fields
they lack. Every HSDS object carries a stable UUID (`hsds_id`), the identifier imports
upsert by and exports publish. Service names and descriptions are translatable JSON
(`{"en": ..., "ar": ...}`), read through `village.lib.translation.translated`.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from village.directory.taxonomy import Accessibility, CostKind, Need
from village.lib.imports import ImportJob

iso639 = RegexValidator(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$", _("Use an ISO 639 language code, such as ar or es."))


class DirectoryProfile(models.Model):
    """HSDS organization fields for a partner organization."""

    organization = models.OneToOneField("orgs.Organization", on_delete=models.CASCADE, related_name="directory_profile")
    hsds_id = models.UUIDField(_("HSDS identifier"), default=uuid.uuid4, unique=True)
    alternate_name = models.CharField(_("alternate name"), max_length=200, blank=True)
    legal_status = models.CharField(_("legal status"), max_length=100, blank=True)
    tax_status = models.CharField(_("tax status"), max_length=100, blank=True)
    tax_id = models.CharField(_("tax identifier"), max_length=100, blank=True)
    year_incorporated = models.PositiveSmallIntegerField(_("year incorporated"), null=True, blank=True)
    logo = models.URLField(_("logo"), max_length=500, blank=True)
    uri = models.URLField(_("address of its record"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("directory profile")
        verbose_name_plural = _("directory profiles")

    def __str__(self) -> str:
        return str(self.organization)


class Taxonomy(models.Model):
    hsds_id = models.UUIDField(_("HSDS identifier"), default=uuid.uuid4, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    uri = models.URLField(_("address"), blank=True)
    version = models.CharField(_("version"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    hsds_id = models.UUIDField(_("HSDS identifier"), default=uuid.uuid4, unique=True)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="terms")
    parent = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children")
    code = models.CharField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        ordering = ["taxonomy", "code"]
        constraints = [models.UniqueConstraint(fields=["taxonomy", "code"], name="taxonomy_term_unique_code")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """Our own need categories are named in the reader's language; imported terms by their name."""
        if self.code in Need.values:
            return str(Need(self.code).label)
        return self.name


class Location(models.Model):
    """A place services are delivered. Only partner premises: no family address is ever stored here."""

    hsds_id = models.UUIDField(_("HSDS identifier"), default=uuid.uuid4, unique=True)
    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(_("name"), max_length=200)
    alternate_name = models.CharField(_("alternate name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("website"), max_length=500, blank=True)
    address_1 = models.CharField(_("street address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state_province = models.CharField(_("state"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=2, default="US")
    latitude = models.FloatField(
        _("latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    transportation = models.CharField(_("how to get there"), max_length=300, blank=True)
    accessibility = models.JSONField(_("accessibility features"), default=list, blank=True)
    # What an imported source said about accessibility ({description, details, url} per HSDS
    # accessibility row), kept whole: the features above are read from it, the words are not lost.
    accessibility_texts = models.JSONField(_("accessibility, as the source said"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True) | models.Q(latitude__gte=-90, latitude__lte=90),
                name="location_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True) | models.Q(longitude__gte=-180, longitude__lte=180),
                name="location_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        unknown = set(self.accessibility or []) - set(Accessibility.values)
        if unknown:
            raise ValidationError({"accessibility": _("Unknown accessibility feature.")})

    def accessibility_labels(self) -> list[str]:
        return [str(Accessibility(code).label) for code in self.accessibility if code in Accessibility.values]


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DEFUNCT = "defunct", _("Defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")


class ServiceQuerySet(models.QuerySet["Service"]):
    def active(self) -> ServiceQuerySet:
        return self.filter(status=ServiceStatus.ACTIVE)

    def stale(self) -> ServiceQuerySet:
        cutoff = timezone.now() - datetime.timedelta(days=settings.VILLAGE_STALE_LISTING_DAYS)
        return self.filter(models.Q(last_verified_at__isnull=True) | models.Q(last_verified_at__lt=cutoff))


class Service(models.Model):
    hsds_id = models.UUIDField(_("HSDS identifier"), default=uuid.uuid4, unique=True)
    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="services")
    name = models.JSONField(_("name"), default=dict, help_text=_("The name in each language, keyed by code."))
    description = models.JSONField(_("description"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE)
    url = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    categories = models.ManyToManyField(
        TaxonomyTerm, verbose_name=_("need categories"), related_name="services", blank=True
    )
    cost = models.CharField(_("cost"), max_length=10, choices=CostKind.choices, default=CostKind.FREE)
    fees_description = models.CharField(_("fees"), max_length=300, blank=True)
    eligibility_description = models.CharField(_("who can use it"), max_length=300, blank=True)
    # Ages in years, as HSDS gives them (2.5 is two and a half).
    min_age = models.DecimalField(
        _("youngest age"), max_digits=5, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    max_age = models.DecimalField(
        _("oldest age"), max_digits=5, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    application_process = models.TextField(_("how to apply"), blank=True)
    # HSDS texts Village keeps and exports as given.
    alternate_name = models.CharField(_("alternate name"), max_length=500, blank=True)
    wait_time = models.TextField(_("waiting time"), blank=True)
    interpretation_services = models.TextField(_("interpretation"), blank=True)
    accreditations = models.TextField(_("accreditations"), blank=True)
    licenses = models.TextField(_("licenses"), blank=True)
    alert = models.TextField(_("alert"), blank=True)
    cost_amount = models.DecimalField(_("cost amount"), max_digits=12, decimal_places=2, null=True, blank=True)
    cost_currency = models.CharField(_("currency"), max_length=3, blank=True)
    min_grade = models.SmallIntegerField(_("lowest grade"), null=True, blank=True, help_text=_("0 is kindergarten."))
    max_grade = models.SmallIntegerField(_("highest grade"), null=True, blank=True)
    seats_total = models.PositiveIntegerField(_("seats in total"), null=True, blank=True)
    seats_available = models.PositiveIntegerField(_("seats available"), null=True, blank=True)
    last_verified_at = models.DateTimeField(_("last verified"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(min_age__lte=models.F("max_age")),
                name="service_ages_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(min_grade__isnull=True)
                | models.Q(max_grade__isnull=True)
                | models.Q(min_grade__lte=models.F("max_grade")),
                name="service_grades_in_order",
            ),
            models.CheckConstraint(
                condition=models.Q(seats_total__isnull=True)
                | models.Q(seats_available__isnull=True)
                | models.Q(seats_available__lte=models.F("seats_total")),
                name="service_seats_within_total",
            ),
        ]
        indexes = [models.Index(fields=["organization", "status"]), models.Index(fields=["last_verified_at"])]

    def __str__(self) -> str:
        """The name as entered (default language first): for staff, logs and audit labels, not families."""
        texts = {k: v for k, v in (self.name or {}).items() if isinstance(v, str) and v.strip()}
        return texts.get(settings.LANGUAGE_CODE) or next((texts[k] for k in sorted(texts)), "")

    def get_absolute_url(self) -> str:
        return reverse("directory:service", kwargs={"pk": self.pk})

    @property
    def is_stale(self) -> bool:
        if self.last_verified_at is None:
            return True
        return self.last_verified_at < timezone.now() - datetime.timedelta(days=settings.VILLAGE_STALE_LISTING_DAYS)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not any(isinstance(v, str) and v.strip() for v in (self.name or {}).values()):
            errors["name"] = str(_("Give the service a name in at least one language."))
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            errors["max_age"] = str(_("The oldest age cannot be below the youngest age."))
        if self.min_grade is not None and self.max_grade is not None and self.min_grade > self.max_grade:
            errors["max_grade"] = str(_("The highest grade cannot be below the lowest grade."))
        if (
            self.seats_total is not None
            and self.seats_available is not None
            and self.seats_available > self.seats_total
        ):
            errors["seats_available"] = str(_("Seats available cannot exceed seats in total."))
        if errors:
            raise ValidationError(errors)


class ServiceLanguage(models.Model):
    """A language in which the service is regularly offered (HSDS `language`)."""

    hsds_id = models.UUIDField(_("HSDS identifier"), default=uuid.uuid4, unique=True)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(_("language code"), max_length=12, validators=[iso639])
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("language offered")
        verbose_name_plural = _("languages offered")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["service", "code"], name="service_language_unique")]

    def __str__(self) -> str:
        return self.code


class ServiceAtLocation(models.Model):
    hsds_id = models.UUIDField(_("HSDS identifier"), default=uuid.uuid4, unique=True)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("service at a location")
        verbose_name_plural = _("services at locations")
        constraints = [models.UniqueConstraint(fields=["service", "location"], name="service_at_location_unique")]

    def __str__(self) -> str:
        return f"{self.service} @ {self.location}"


class Contact(models.Model):
    """A person to contact at an organization, a service, a location or a service at a location (HSDS `contact`)."""

    hsds_id = models.UUIDField(_("HSDS identifier"), default=uuid.uuid4, unique=True)
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, null=True, blank=True, related_name="directory_contacts"
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts")
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name or self.title or self.email


class Phone(models.Model):
    """A phone number of an organization, a service, a location or a service at a location (HSDS `phone`).

    `number` is kept as given; `e164` is the number in E.164 form when `phonenumbers` can read
    it, else empty (a number that cannot be read is kept as given, and the import says so).
    """

    hsds_id = models.UUIDField(_("HSDS identifier"), default=uuid.uuid4, unique=True)
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, null=True, blank=True, related_name="directory_phones"
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="phones")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True, related_name="phones")
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="phones")
    number = models.CharField(_("phone number"), max_length=100)
    e164 = models.CharField(_("number in international form"), max_length=20, blank=True)
    extension = models.CharField(_("extension"), max_length=20, blank=True)
    type = models.CharField(_("type"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)

    class Meta:
        verbose_name = _("phone")
        verbose_name_plural = _("phones")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.e164 or self.number


class ScheduleFreq(models.TextChoices):
    """HSDS 3.0 `freq` (RFC 5545 FREQ, the two values HSDS allows)."""

    WEEKLY = "WEEKLY", _("Weekly")
    MONTHLY = "MONTHLY", _("Monthly")


class Schedule(models.Model):
    """When a service, a place, or a service at one place is open (HSDS 3.0 `schedule`, kept whole).

    The recurrence is RFC 5545's (freq, interval, byday with ordinals such as 1TH or -1FR,
    bymonthday, byweekno, byyearday, dtstart, until, count, wkst), evaluated only by
    `village.directory.hours` with `dateutil.rrule`. A closing time earlier than the opening time
    closes the next day (22:00-06:00: overnight). Exactly one parent is set.
    """

    hsds_id = models.UUIDField(_("HSDS identifier"), default=uuid.uuid4, unique=True)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules")
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    freq = models.CharField(_("repeats"), max_length=10, choices=ScheduleFreq.choices, blank=True)
    interval = models.PositiveSmallIntegerField(_("every"), null=True, blank=True, validators=[MinValueValidator(1)])
    byday = models.CharField(_("days"), max_length=100, blank=True)
    bymonthday = models.CharField(_("days of the month"), max_length=200, blank=True)
    byweekno = models.CharField(_("weeks of the year"), max_length=300, blank=True)
    byyearday = models.CharField(_("days of the year"), max_length=500, blank=True)
    dtstart = models.DateField(_("first date"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    count = models.PositiveIntegerField(_("number of times"), null=True, blank=True)
    wkst = models.CharField(_("week starts on"), max_length=2, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    opens_at = models.TimeField(_("opens"), null=True, blank=True)
    closes_at = models.TimeField(_("closes"), null=True, blank=True)
    # HSDS: the UTC offset the times are given in (a number, such as -5 or 5.5); kept and exported.
    timezone = models.FloatField(_("UTC offset"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    attending_type = models.TextField(_("how to attend"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    schedule_link = models.URLField(_("schedule link"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(closes_at=models.F("opens_at")), name="schedule_closes_differ_from_opens"
            ),
            models.CheckConstraint(
                condition=models.Q(service__isnull=False, location__isnull=True, service_at_location__isnull=True)
                | models.Q(service__isnull=True, location__isnull=False, service_at_location__isnull=True)
                | models.Q(service__isnull=True, location__isnull=True, service_at_location__isnull=False),
                name="schedule_one_parent",
            ),
        ]

    def __str__(self) -> str:
        opens = f"{self.opens_at:%H:%M}" if self.opens_at else ""
        closes = f"{self.closes_at:%H:%M}" if self.closes_at else ""
        return f"{self.freq} {self.byday} {opens}-{closes}".strip()

    @property
    def overnight(self) -> bool:
        """Closes on the next day."""
        return self.opens_at is not None and self.closes_at is not None and self.closes_at < self.opens_at

    def clean(self) -> None:
        if self.opens_at is not None and self.closes_at is not None and self.closes_at == self.opens_at:
            raise ValidationError({"closes_at": _("The closing time is the same as the opening time.")})


class SearchEntry(models.Model):
    """One row per service-at-location and need category (category 0: every service), denormalised for search.

    Written only by `village.directory.actions.search`; the database-specific spatial and
    full-text indexes over it are created by this app's migrations.
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    service_at_location = models.ForeignKey(ServiceAtLocation, on_delete=models.CASCADE, related_name="+")
    category = models.IntegerField()
    latitude = models.FloatField()
    longitude = models.FloatField()
    languages = models.CharField(max_length=200)  # " ar en " so that a language is LIKE '% ar %'
    flags = models.IntegerField()
    min_age = models.SmallIntegerField(null=True)
    max_age = models.SmallIntegerField(null=True)
    min_grade = models.SmallIntegerField(null=True)
    max_grade = models.SmallIntegerField(null=True)
    text = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["service"])]

    def __str__(self) -> str:
        return f"{self.service_at_location_id}/{self.category}"


class ImportFormat(models.TextChoices):
    HSDS_JSON = "hsds_json", _("HSDS 3 JSON")
    HSDS_CSV = "hsds_csv", _("HSDS 3 CSV data package (zip)")
    OHANA = "ohana", _("Ohana API CSV export (zip)")
    ILLINOIS = "illinois", _("Illinois Legal Aid Online export (zip)")
    FLORIDA = "florida", _("Florida legal aid export (zip)")


class DirectoryImport(ImportJob):
    """One import of a directory file into a region, with progress and its report."""

    region = models.ForeignKey("orgs.Region", on_delete=models.PROTECT, related_name="+")
    format = models.CharField(_("format"), max_length=20, choices=ImportFormat.choices)

    class Meta(ImportJob.Meta):
        verbose_name = _("directory import")
        verbose_name_plural = _("directory imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"
