"""Directory imports: store the upload, run it in the background, write a checked plan in one transaction.

`start_import` keeps the file and enqueues `run_directory_import` on commit; the task reads the
file (`village.directory.hsds.upload`), checks it into a plan (`village.directory.hsds.plan`)
and, unless it is a dry run or rows were rejected and not waived, `apply_plan` writes it:
organizations by HSDS id, else adopted by name in the region, else created; locations,
taxonomy terms, services, their categories, languages and hours, and service-at-location
links upserted by HSDS id; unchanged rows are not written again. The import's report
(counts, rejections, skipped files) is kept on its job row.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from village.accounts.models import User
from village.audit.actions import record
from village.directory.actions import ensure_default_taxonomy
from village.directory.actions.search import reindex
from village.directory.hsds.ids import unlisted_organizations
from village.directory.hsds.phones import ContactPlan, PhonePlan
from village.directory.hsds.plan import make_plan
from village.directory.hsds.plan_types import LOCATION_FIELDS, SERVICE_TEXTS, ImportPlan, SchedulePlan
from village.directory.hsds.tables import Tables
from village.directory.hsds.upload import read_upload
from village.directory.models import (
    Contact,
    DirectoryImport,
    DirectoryProfile,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceLanguage,
    Taxonomy,
    TaxonomyTerm,
)
from village.directory.taxonomy import DEFAULT_TAXONOMY_NAME
from village.lib.imports import ImportReport, ImportStatus
from village.orgs.actions import save_imported_organizations
from village.orgs.models import Organization, PartnerType, Region

BATCH = 2000
# bulk_update writes one CASE per field over the batch: small batches keep it linear.
UPDATE_BATCH = 200
ORGANIZATION_FIELDS = ["name", "description", "website", "email"]
PROFILE_FIELDS = ["alternate_name", "legal_status", "tax_status", "tax_id", "year_incorporated", "logo", "uri"]
SERVICE_FIELDS = [
    "organization",
    "name",
    "description",
    "status",
    "url",
    "email",
    "cost",
    "fees_description",
    "eligibility_description",
    "phone",
    "min_age",
    "max_age",
    "application_process",
    "cost_amount",
    "cost_currency",
    *SERVICE_TEXTS,
    "updated_at",
]
SKIPPED = gettext_noop("Files Village does not read were skipped: %(files)s")

Progress = Callable[[int, int], None]


@dataclass
class Outcome:
    """Counts of valid rows and of what was written; `applied` when the plan was written."""

    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    applied: bool = False


def start_import(
    actor: User, region: Region, upload: File[bytes], fmt: str, *, dry_run: bool, apply_valid: bool
) -> DirectoryImport:
    """Store the upload and enqueue the import after commit."""
    with transaction.atomic():
        name = default_storage.save(f"directory-imports/{region.slug}/{timezone.now():%Y%m%d-%H%M%S}", upload)
        job = DirectoryImport.objects.create(
            region=region,
            started_by=actor,
            format=fmt,
            stored_path=name,
            filename=Path(upload.name or name).name[:255],
            dry_run=dry_run,
            apply_valid=apply_valid,
        )
        record(actor, "directory.import.started", job, format=fmt, dry_run=dry_run)
        transaction.on_commit(lambda: run_directory_import.enqueue(job.pk))
    return job


@task()
def run_directory_import(job_id: int) -> str:
    """Run a stored directory import; progress and the report are written to its row."""
    job = DirectoryImport.objects.select_related("region", "started_by").get(pk=job_id)
    language = job.started_by.preferred_language if job.started_by else ""
    with translation.override(language or settings.LANGUAGE_CODE):
        return str(run_import(job, Path(default_storage.path(job.stored_path))).status)


def run_import(job: DirectoryImport, path: Path) -> DirectoryImport:
    """Read, check and (unless a dry run, or rows were rejected and not waived) apply one import.

    A failure is kept on the job (status "failed", the error) before it propagates.
    """
    DirectoryImport.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, started_at=timezone.now())
    try:
        return _run(job, path)
    except Exception as exc:
        DirectoryImport.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
        raise


def _run(job: DirectoryImport, path: Path) -> DirectoryImport:
    tables, source = read_upload(job.format, path, job.filename)
    job.total = sum(len(rows) for rows in tables.rows.values())

    def progress(done: int, total: int) -> None:
        DirectoryImport.objects.filter(pk=job.pk).update(processed=done, total=total)

    outcome = apply_tables(
        tables,
        region=job.region,
        source=source,
        actor=job.started_by,
        dry_run=job.dry_run,
        apply_valid=job.apply_valid,
        progress=progress,
    )
    outcome.counts["values_not_kept"] = len(tables.changes)
    report = ImportReport(counts=dict(outcome.counts), rejections=list(tables.rejections), changes=list(tables.changes))
    if tables.skipped_tables:
        report.note(SKIPPED, files=", ".join(sorted(tables.skipped_tables)))
    job.store_report(report)
    if outcome.applied:
        job.status = ImportStatus.APPLIED
    elif job.dry_run:
        job.status = ImportStatus.CHECKED
    else:
        job.status = ImportStatus.REFUSED
    job.processed = job.total
    job.finished_at = timezone.now()
    job.save()
    return job


def apply_tables(
    tables: Tables,
    *,
    region: Region,
    source: str,
    actor: User | None,
    dry_run: bool,
    apply_valid: bool,
    progress: Progress | None = None,
) -> Outcome:
    """Check every row, then write all of them (or, with apply_valid, the valid ones) at once.

    A dry run never writes; unless `apply_valid`, a single rejection means nothing is written.
    """
    plan = make_plan(tables, region=region, source=source)
    outcome = Outcome()
    outcome.counts.update(plan.valid_counts())
    if dry_run or (tables.rejections and not apply_valid):
        return outcome
    apply_plan(actor, plan, outcome, progress)
    return outcome


def apply_plan(actor: User | None, plan: ImportPlan, outcome: Outcome, progress: Progress | None = None) -> None:
    """Write a checked plan into its region in one transaction, re-index search and record the event."""
    writer = _Writer(plan, outcome.counts, progress)
    with transaction.atomic():
        org_pk = writer.organizations()
        location_pk, moved_locations = writer.locations(org_pk)
        term_pk = writer.terms()
        service_pk, changed = writer.services(org_pk)
        changed |= writer.service_details(service_pk, term_pk)
        changed |= writer.links(service_pk, location_pk)
        writer.phones(org_pk, service_pk, location_pk)
        changed |= writer.schedules(service_pk, location_pk)
        for chunk in _chunks(sorted(moved_locations)):
            changed |= set(ServiceAtLocation.objects.filter(location_id__in=chunk).values_list("service_id", flat=True))
        outcome.counts["search_reindexed"] = len(changed)
        # Search rows are derived data: rebuilt here, only for services whose findable facts changed.
        reindex(sorted(changed))
        record(actor, "directory.import.applied", None, region_id=plan.region.pk, **dict(outcome.counts))
        outcome.applied = True


def _assign(obj: models.Model, values: dict[str, object]) -> bool:
    """Set these fields; True when any of them changed (unchanged rows are not written again)."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _chunks[T](ids: list[T], size: int = 900) -> list[list[T]]:
    """Slices small enough for SQLite's limit on query parameters."""
    return [ids[i : i + size] for i in range(0, len(ids), size)]


class _Writer:
    """The plan's writes, table by table, with the counts and progress they report."""

    def __init__(self, plan: ImportPlan, counts: dict[str, int], progress: Progress | None) -> None:
        self.plan = plan
        self.region = plan.region
        self.counts = counts
        self.progress = progress
        self.total = plan.size
        self.done = 0
        self.now = timezone.now()

    def step(self, rows: int) -> None:
        self.done += rows
        if self.progress:
            self.progress(self.done, self.total)

    def organizations(self) -> dict[uuid.UUID, int]:
        """Organizations by HSDS id, else by the id an unlisted one is published under, else adopted
        by name in the region, else created; each gets its directory profile under that id."""
        profiles = {
            p.hsds_id: p
            for p in DirectoryProfile.objects.filter(organization__region=self.region).select_related("organization")
        }
        region_orgs = list(Organization.objects.filter(region=self.region))
        by_name = {o.name: o for o in region_orgs}
        by_pk = {o.pk: o for o in region_orgs}
        org_for: dict[uuid.UUID, Organization] = {k: p.organization for k, p in profiles.items()}
        org_for |= {key: by_pk[pk] for key, pk in unlisted_organizations(self.region.pk).items()}
        new_orgs: list[Organization] = []
        changed_orgs: list[Organization] = []
        for key, values in self.plan.organizations.items():
            fields: dict[str, object] = {f: getattr(values, f) for f in ORGANIZATION_FIELDS}
            org = org_for.get(key) or by_name.get(values.name)
            if org is None:
                org = Organization(region=self.region, partner_type=PartnerType.NONPROFIT, **fields)
                by_name[org.name] = org
                new_orgs.append(org)
            elif _assign(org, {k: v for k, v in fields.items() if v or k == "name"}):
                changed_orgs.append(org)
            org_for[key] = org
        save_imported_organizations(new_orgs, changed_orgs, ORGANIZATION_FIELDS, batch_size=BATCH)
        self.counts["organizations_created"], self.counts["organizations_updated"] = len(new_orgs), len(changed_orgs)

        new_profiles: list[DirectoryProfile] = []
        changed_profiles: list[DirectoryProfile] = []
        profile_by_org = {
            p.organization_id: p for p in DirectoryProfile.objects.filter(organization__region=self.region)
        }
        for key, values in self.plan.organizations.items():
            org = org_for[key]
            wanted = {f: getattr(values, f) for f in PROFILE_FIELDS}
            found = profile_by_org.get(org.pk)
            if found is None:
                new_profiles.append(DirectoryProfile(organization=org, hsds_id=key, **wanted))
            elif _assign(found, {"hsds_id": key, **wanted}):
                changed_profiles.append(found)
        DirectoryProfile.objects.bulk_create(new_profiles, batch_size=BATCH)
        DirectoryProfile.objects.bulk_update(changed_profiles, ["hsds_id", *PROFILE_FIELDS], batch_size=UPDATE_BATCH)
        self.step(len(self.plan.organizations))
        return {k: o.pk for k, o in org_for.items()}

    def locations(self, org_pk: dict[uuid.UUID, int]) -> tuple[dict[uuid.UUID, int], set[int]]:
        """Locations by HSDS id; returns every location of the region by id, and those that changed."""
        existing = {
            loc.hsds_id: loc
            for loc in Location.objects.filter(organization__region=self.region, hsds_id__in=list(self.plan.locations))
        }
        new_locations: list[Location] = []
        changed_locations: list[Location] = []
        for key, values in self.plan.locations.items():
            loc = existing.get(key) or Location(hsds_id=key)
            wanted = {"organization_id": org_pk[values.organization], **values.fields()}
            if loc.pk is None:
                _assign(loc, wanted)
                new_locations.append(loc)
            elif _assign(loc, wanted):
                changed_locations.append(loc)
        bulk_create_with_history(new_locations, Location, batch_size=BATCH)
        if changed_locations:
            bulk_update_with_history(
                changed_locations, Location, ["organization", *LOCATION_FIELDS], batch_size=UPDATE_BATCH
            )
        self.counts["locations_created"] = len(new_locations)
        self.counts["locations_updated"] = len(changed_locations)
        self.step(len(self.plan.locations))
        location_pk = dict(Location.objects.filter(organization__region=self.region).values_list("hsds_id", "pk"))
        return location_pk, {loc.pk for loc in changed_locations}

    def terms(self) -> dict[uuid.UUID, int]:
        """Taxonomy terms by HSDS id, else the same code in the same taxonomy; returns every term by id."""
        taxonomies: dict[str, Taxonomy] = {}
        term_pk = dict(TaxonomyTerm.objects.values_list("hsds_id", "pk"))
        for key, values in self.plan.terms.items():
            name = values.taxonomy[:200]
            if name not in taxonomies:
                taxonomies[name], _created = Taxonomy.objects.get_or_create(name=name)
            taxonomy = taxonomies[name]
            term = (
                TaxonomyTerm.objects.filter(hsds_id=key).first()
                or TaxonomyTerm.objects.filter(taxonomy=taxonomy, code=values.code).first()
            )
            created = term is None
            if term is None:
                term = TaxonomyTerm(hsds_id=key, taxonomy=taxonomy, code=values.code)
            if taxonomy.name != DEFAULT_TAXONOMY_NAME:  # Village's own need terms keep their names
                term.name, term.description = values.name, values.description
            term.save()
            term_pk[key] = term.pk
            self.counts["taxonomy_terms_created" if created else "taxonomy_terms_updated"] += 1
        self.step(len(self.plan.terms))
        return term_pk

    def services(self, org_pk: dict[uuid.UUID, int]) -> tuple[dict[uuid.UUID, int], set[int]]:
        """Services by HSDS id; returns every service of the region by id, and those created or changed."""
        existing = {
            s.hsds_id: s
            for s in Service.objects.filter(organization__region=self.region, hsds_id__in=list(self.plan.services))
        }
        new_services: list[Service] = []
        changed_services: list[Service] = []
        for key, values in self.plan.services.items():
            service = existing.get(key) or Service(hsds_id=key)
            wanted: dict[str, object] = {
                "organization_id": org_pk[values.organization],
                "name": {**(service.name or {}), "en": values.name},
                "description": {**(service.description or {}), "en": values.description}
                if values.description
                else service.description,
                "status": values.status,
                "url": values.url,
                "email": values.email,
                "cost": values.cost,
                "min_age": values.min_age,
                "max_age": values.max_age,
                "application_process": values.application_process,
                "cost_amount": values.cost_amount,
                "cost_currency": values.cost_currency,
                **{name: values.texts.get(name, "") for name in SERVICE_TEXTS},
                "fees_description": values.fees_description[:300],
                "eligibility_description": values.eligibility_description[:300],
                "phone": values.phone or service.phone,
            }
            if service.pk is None:
                _assign(service, wanted)
                service.updated_at = self.now
                new_services.append(service)
            elif _assign(service, wanted):
                service.updated_at = self.now
                changed_services.append(service)
        bulk_create_with_history(new_services, Service, batch_size=BATCH)
        if changed_services:
            bulk_update_with_history(changed_services, Service, SERVICE_FIELDS, batch_size=UPDATE_BATCH)
        self.counts["services_created"], self.counts["services_updated"] = len(new_services), len(changed_services)
        service_pk = dict(Service.objects.filter(organization__region=self.region).values_list("hsds_id", "pk"))
        return service_pk, {s.pk for s in new_services} | {s.pk for s in changed_services}

    def service_details(self, service_pk: dict[uuid.UUID, int], term_pk: dict[uuid.UUID, int]) -> set[int]:
        """Categories and languages, each replaced as a whole for the services where it changed."""
        need_pk = {t.code: t.pk for t in ensure_default_taxonomy()}
        touched = [service_pk[k] for k in self.plan.services]
        through = Service.categories.through
        have_terms: dict[int, set[int]] = defaultdict(set)
        have_languages: dict[int, dict[str, str]] = defaultdict(dict)
        for chunk in _chunks(touched):
            for sid, tid in through.objects.filter(service_id__in=chunk).values_list("service_id", "taxonomyterm_id"):
                have_terms[sid].add(tid)
            for sid, code, note in ServiceLanguage.objects.filter(service_id__in=chunk).values_list(
                "service_id", "code", "note"
            ):
                have_languages[sid][code] = note
        new_terms: list[models.Model] = []
        new_languages: list[ServiceLanguage] = []
        redo_terms: list[int] = []
        redo_languages: list[int] = []
        for key, values in self.plan.services.items():
            pk = service_pk[key]
            terms = {term_pk[t] for t in values.terms if t in term_pk} | {need_pk[n] for n in values.needs}
            if terms != have_terms.get(pk, set()):
                redo_terms.append(pk)
                new_terms += [through(service_id=pk, taxonomyterm_id=t) for t in sorted(terms)]
            if values.languages != have_languages.get(pk, {}):
                redo_languages.append(pk)
                new_languages += [ServiceLanguage(service_id=pk, code=c, note=n) for c, n in values.languages.items()]
        _replace(through.objects, redo_terms, new_terms)
        _replace(ServiceLanguage.objects, redo_languages, new_languages)
        self.step(len(self.plan.services))
        return set(redo_terms) | set(redo_languages)

    def links(self, service_pk: dict[uuid.UUID, int], location_pk: dict[uuid.UUID, int]) -> set[int]:
        """Service-at-location links by HSDS id; returns the services whose links were created or changed."""
        existing = {
            sal.hsds_id: sal
            for sal in ServiceAtLocation.objects.filter(
                service__organization__region=self.region, hsds_id__in=list(self.plan.links)
            )
        }
        new_links: list[ServiceAtLocation] = []
        changed_links: list[ServiceAtLocation] = []
        for key, values in self.plan.links.items():
            link = existing.get(key) or ServiceAtLocation(hsds_id=key)
            wanted: dict[str, object] = {
                "service_id": service_pk[values.service],
                "location_id": location_pk[values.location],
                "description": values.description,
            }
            if link.pk is None:
                _assign(link, wanted)
                new_links.append(link)
            elif _assign(link, wanted):
                changed_links.append(link)
        ServiceAtLocation.objects.bulk_create(new_links, batch_size=BATCH)
        ServiceAtLocation.objects.bulk_update(
            changed_links, ["service", "location", "description"], batch_size=UPDATE_BATCH
        )
        self.counts["service_at_locations"] = len(self.plan.links)
        self.step(len(self.plan.links))
        return {link.service_id for link in [*new_links, *changed_links]}

    def phones(
        self, org_pk: dict[uuid.UUID, int], service_pk: dict[uuid.UUID, int], location_pk: dict[uuid.UUID, int]
    ) -> None:
        """Contacts, then phones, by HSDS id; a parent the import writes keeps only those the file gives it."""
        link_pk = dict(
            ServiceAtLocation.objects.filter(service__organization__region=self.region).values_list("hsds_id", "pk")
        )
        pks = {"organization": org_pk, "service": service_pk, "location": location_pk, "service_at_location": link_pk}
        parents = {
            "organization": [org_pk[k] for k in self.plan.organizations],
            "service": [service_pk[k] for k in self.plan.services],
            "location": [location_pk[k] for k in self.plan.locations],
            "service_at_location": [link_pk[k] for k in self.plan.links if k in link_pk],
        }
        contact_pk = self._upsert(Contact, self.plan.contacts, pks, parents, CONTACT_FIELDS, "contacts")
        pks["contact"] = contact_pk
        parents["contact"] = [contact_pk[k] for k in self.plan.contacts]
        self._upsert(Phone, self.plan.phones, pks, parents, PHONE_FIELDS, "phones")

    def schedules(self, service_pk: dict[uuid.UUID, int], location_pk: dict[uuid.UUID, int]) -> set[int]:
        """Schedules by HSDS id, each under its one parent; a parent the import writes keeps only those
        the file gives it. Returns the services whose hours (their own, at a place, or the place's) changed."""
        link_pk = dict(
            ServiceAtLocation.objects.filter(service__organization__region=self.region).values_list("hsds_id", "pk")
        )
        pks = {"service": service_pk, "location": location_pk, "service_at_location": link_pk}
        parents = {
            "service": [service_pk[k] for k in self.plan.services],
            "location": [location_pk[k] for k in self.plan.locations],
            "service_at_location": [link_pk[k] for k in self.plan.links if k in link_pk],
        }
        touched: set[tuple[str, int]] = set()
        self._upsert(Schedule, self.plan.schedules, pks, parents, SCHEDULE_FIELDS, "schedules", touched)
        services = {pk for parent, pk in touched if parent == "service"}
        places = sorted(pk for parent, pk in touched if parent == "location")
        links = sorted(pk for parent, pk in touched if parent == "service_at_location")
        for chunk in _chunks(places):
            services |= set(
                ServiceAtLocation.objects.filter(location_id__in=chunk).values_list("service_id", flat=True)
            )
        for chunk in _chunks(links):
            services |= set(ServiceAtLocation.objects.filter(pk__in=chunk).values_list("service_id", flat=True))
        return services

    def _upsert[M: (Contact, Phone, Schedule)](
        self,
        model: type[M],
        plans: Mapping[uuid.UUID, ContactPlan | PhonePlan | SchedulePlan],
        pks: dict[str, dict[uuid.UUID, int]],
        parents: dict[str, list[int]],
        fields: list[str],
        name: str,
        touched: set[tuple[str, int]] | None = None,
    ) -> dict[uuid.UUID, int]:
        """Rows of a table with one of several parents, by HSDS id; returns their pks by id. `touched`
        collects (parent, pk) of the parents whose rows were created, changed or deleted."""
        existing = {row.hsds_id: row for row in model._default_manager.filter(hsds_id__in=list(plans))}
        new_rows: list[M] = []
        changed_rows: list[M] = []
        for key, values in plans.items():
            row = existing.get(key) or model(hsds_id=key)
            wanted: dict[str, object] = {f"{p}_id": None for p in pks} | values.fields()
            wanted[f"{values.parent}_id"] = pks[values.parent][values.parent_key]
            if row.pk is None:
                _assign(row, wanted)
                new_rows.append(row)
            elif _assign(row, wanted):
                changed_rows.append(row)
            else:
                continue
            if touched is not None:
                touched.add((values.parent, pks[values.parent][values.parent_key]))
        # Rows a written parent no longer has (the file is the parent's whole list).
        stale: list[int] = []
        for parent, ids in parents.items():
            for chunk in _chunks(ids):
                for pk, hsds_id, owner in model._default_manager.filter(**{f"{parent}_id__in": chunk}).values_list(
                    "pk", "hsds_id", f"{parent}_id"
                ):
                    if hsds_id not in plans:
                        stale.append(pk)
                        if touched is not None:
                            touched.add((parent, owner))
        for chunk in _chunks(stale):
            model._default_manager.filter(pk__in=chunk).delete()
        model._default_manager.bulk_create(new_rows, batch_size=BATCH)
        model._default_manager.bulk_update(changed_rows, fields, batch_size=UPDATE_BATCH)
        self.counts[f"{name}_created"], self.counts[f"{name}_updated"] = len(new_rows), len(changed_rows)
        return dict(model._default_manager.filter(hsds_id__in=list(plans)).values_list("hsds_id", "pk"))


PARENT_FIELDS = ["organization", "service", "location", "service_at_location"]
PHONE_FIELDS = [*PARENT_FIELDS, "contact", "number", "e164", "extension", "type", "description", "languages"]
CONTACT_FIELDS = [*PARENT_FIELDS, "name", "title", "department", "email"]
SCHEDULE_FIELDS = [
    "service",
    "location",
    "service_at_location",
    *(
        f.name
        for f in Schedule._meta.concrete_fields
        if f.name not in ("id", "hsds_id", "service", "location", "service_at_location")
    ),
]


def _replace[M: models.Model](manager: models.Manager[M], service_ids: list[int], rows: Iterable[M]) -> None:
    """Delete these services' rows of one kind and write the new ones."""
    for chunk in _chunks(service_ids):
        manager.filter(service_id__in=chunk).delete()
    manager.bulk_create(list(rows), batch_size=BATCH)
