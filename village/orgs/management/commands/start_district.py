"""`manage.py start_district`: the first step of a new install (or a new district), with no shell.

    manage.py start_district --region "Riverbend Region" --district "Riverbend Unified" \\
        --slug riverbend --lead-email dana@riverbend.example.org --lead-name "Dana Whitfield" --language es

creates the region (or reuses the one with that short name), the district, and invites its first
lead by email, in their language, with a link to sign in (no password: a code by email). The lead
then adds schools (by hand or from the roster's orgs file) and invites everyone else from the app.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations
from django.utils.text import slugify

from village.lib.links import absolute_reverse
from village.orgs.actions import start_district


class Command(BaseCommand):
    help = "Start a district (and its region if new) and invite its first lead by email."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="The region's name; reused if its short name exists.")
        parser.add_argument("--region-slug", default="", help="The region's short name (default: from its name).")
        parser.add_argument("--district", required=True, help="The district's name.")
        parser.add_argument("--slug", required=True, help="The district's short name, used in addresses.")
        parser.add_argument("--nces-id", default="", help="The district's NCES ID (optional).")
        parser.add_argument("--lead-email", required=True, help="The first district lead's email address.")
        parser.add_argument("--lead-name", required=True, help="The first district lead's full name.")
        codes = ", ".join(code for code, _name in settings.LANGUAGES)
        parser.add_argument("--language", default=settings.LANGUAGE_CODE, help=f"The lead's language: {codes}.")

    @no_translations  # operators read English, whatever language a previous request left active
    def handle(self, *args: Any, **options: Any) -> None:
        region_slug = options["region_slug"] or slugify(options["region"])
        language = options["language"]
        if language not in dict(settings.LANGUAGES):
            codes = ", ".join(code for code, _name in settings.LANGUAGES)
            raise CommandError(f"Unknown language {language!r}: choose one of {codes}.")
        try:
            district = start_district(
                None,
                region_name=options["region"],
                region_slug=region_slug,
                name=options["district"],
                slug=options["slug"],
                lead_email=options["lead_email"],
                lead_name=options["lead_name"],
                language=language,
                nces_id=options["nces_id"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Started {district.name} ({district.slug}) in {district.region.name}.")
        lead = options["lead_email"].strip().lower()
        self.stdout.write(f"Invited {lead} to lead it, by email in {dict(settings.LANGUAGES)[language]}.")
        self.stdout.write(f"They sign in at {absolute_reverse('account_request_login_code')} with a code by email.")
        self.stdout.write("The invitation leaves with the task worker (manage.py db_worker).")
