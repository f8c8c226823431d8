"""The public HSDS 3 API against the official HSDS 3.0 schemas, our own OpenAPI document, and schemathesis.

Every response is validated against the official HSDS 3.0 schemas (read at test time from
shared/external/hsds-3.0, never copied here) with formats checked and unknown fields rejected;
schemathesis then fuzzes the official OpenAPI document against the app in-process.
"""

from __future__ import annotations

import copy
import datetime
import functools
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from village.directory.tests.hsds_api import BASE, HSDS, Directory, get, hsds_id, org_id, sal_id

REMOTE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
SNAPSHOT = Path(__file__).resolve().parents[3] / "tests" / "snapshots" / "hsds_openapi.json"

pytestmark = pytest.mark.usefixtures("require_hsds")


# --- The official schemas ------------------------------------------------------------------


def strict(schema: Any) -> Any:
    """A copy in which every object schema that lists properties allows no others."""
    schema = copy.deepcopy(schema)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "properties" in node and "additionalProperties" not in node:
                node["additionalProperties"] = False
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return schema


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@functools.cache
def _registry() -> Any:
    """Every official schema, made strict, under its file name and its raw.githubusercontent address."""
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    registry: Any = Registry()
    for path in sorted((HSDS / "schema").glob("*.json")) + sorted((HSDS / "schema" / "compiled").glob("*.json")):
        name = path.relative_to(HSDS / "schema").as_posix()
        resource = Resource.from_contents(strict(_load(path)), default_specification=DRAFT202012)
        registry = registry.with_resources([(name, resource), (REMOTE + name, resource)])
    return registry.crawl()


def _format_checker() -> Any:
    """jsonschema's checker, plus `date-time` and `uri`, which it checks only with optional packages."""
    from urllib.parse import urlsplit

    from jsonschema import FormatChecker

    checker = FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return "T" in value.upper() and parsed.tzinfo is not None

    @checker.checks("uri", raises=ValueError)
    def uri(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(parts.scheme and (parts.netloc or parts.path)) and " " not in value

    return checker


@functools.cache
def validator(name: str) -> Any:
    """A strict validator for an official schema, by its path under schema/ (e.g. compiled/service.json)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator({"$ref": REMOTE + name}, registry=_registry(), format_checker=_format_checker())


@functools.cache
def page_validator() -> Any:
    from jsonschema import Draft202012Validator

    page = _load(HSDS / "openapi" / "openapi.json")["components"]["schemas"]["Page"]
    return Draft202012Validator(strict(page), format_checker=_format_checker())


def assert_valid(instance: Any, validate: Any, where: str) -> None:
    errors = sorted(validate.iter_errors(instance), key=lambda e: list(e.absolute_path))
    assert not errors, f"{where}: " + "; ".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def assert_page(body: dict[str, Any], item_schema: str, where: str) -> None:
    envelope = {k: v for k, v in body.items() if k != "contents"}
    assert_valid(envelope, page_validator(), where)
    assert set(body) == {*page_validator().schema["properties"], "contents"}, where
    for i, item in enumerate(body["contents"]):
        assert_valid(item, validator(item_schema), f"{where} contents[{i}]")


# The list endpoints, with the schema their items must meet. With `full`, the items are the
# nested objects, so they meet the nested schema (the official list item schemas lack the arrays).
LISTS = [
    ("/services", "compiled/service_list.json"),
    ("/services?minimal=true", "compiled/service_list.json"),
    ("/services?full=true", "compiled/service.json"),
    ("/organizations", "compiled/organization_list.json"),
    ("/organizations?full=true", "compiled/organization.json"),
    ("/organizations?full_service=true", "compiled/organization.json"),
    ("/service_at_locations", "compiled/service_at_location_list.json"),
    ("/service_at_locations?full=true", "compiled/service_at_location.json"),
    ("/taxonomies", "taxonomy.json"),
    ("/taxonomy_terms", "taxonomy_term.json"),
]


def test_every_list_meets_the_official_schemas(client: Any, directory: Directory) -> None:
    for path, schema in LISTS:
        body = get(client, path)
        assert body["size"] > 0, path
        assert_page(body, schema, path)


def test_every_detail_meets_the_official_schemas(client: Any, directory: Directory) -> None:
    org = org_id(directory.homework.organization)
    details = [
        (f"/services/{hsds_id(s)}", "compiled/service.json")
        for s in (directory.homework, directory.maths, directory.legal)
    ] + [
        (f"/organizations/{org}", "compiled/organization.json"),
        (f"/organizations/{org}?full_service=true", "compiled/organization.json"),
        (f"/service_at_locations/{sal_id(directory.homework)}", "compiled/service_at_location.json"),
        (f"/taxonomies/{hsds_id(directory.local)}", "taxonomy.json"),
        (f"/taxonomy_terms/{hsds_id(directory.child)}", "taxonomy_term.json"),
        (f"/taxonomy_terms/{hsds_id(directory.term)}", "taxonomy_term.json"),
    ]
    for path, schema in details:
        assert_valid(get(client, path), validator(schema), path)
    assert_valid(get(client, "/"), _root_validator(), "/")


def _root_validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = _load(HSDS / "openapi" / "openapi.json")["paths"]["/"]["get"]["responses"]["200"]["content"]
    return Draft202012Validator(strict(schema["application/json"]["schema"]), format_checker=_format_checker())


def test_the_strict_schemas_reject_unknown_fields_and_bad_formats(client: Any, directory: Directory) -> None:
    """The strictness is real: an unknown field, nested or not, fails, and so does a malformed value."""
    service = get(client, f"/services/{hsds_id(directory.homework)}")
    assert not list(validator("compiled/service.json").iter_errors(service))
    for field, value in [("colour", "blue"), ("last_modified", "2024-01-01"), ("url", "not a uri"), ("id", "7")]:
        assert list(validator("compiled/service.json").iter_errors(service | {field: value})), field
    service["schedules"][0]["colour"] = "blue"
    assert list(validator("compiled/service.json").iter_errors(service))
    term = get(client, f"/taxonomy_terms/{hsds_id(directory.child)}")
    term["taxonomy_detail"]["owner"] = "x"
    assert list(validator("taxonomy_term.json").iter_errors(term))
    assert list(page_validator().iter_errors({"total_items": 1, "next": 2}))


# --- Our own OpenAPI document ----------------------------------------------------------------


def test_our_openapi_document_describes_the_extra_filters(client: Any, db: Any) -> None:
    document = client.get(f"{BASE}/openapi.json").json()
    params = {p["name"]: p for p in document["paths"]["/api/hsds/services"]["get"]["parameters"]}
    assert {"language", "accessibility", "open_on", "open_at", "age"} <= set(params)
    assert {"search", "page", "per_page", "format", "taxonomy_term_id", "taxonomy_id"} <= set(params)
    assert {"organization_id", "modified_after", "minimal", "full"} <= set(params)
    assert document["components"]["schemas"]["Accessibility"]["enum"] == [
        "wheelchair",
        "restroom",
        "parking",
        "elevator",
        "hearing_loop",
        "sign_language",
        "quiet_space",
        "transit",
    ]
    operations = {op["operationId"] for path in document["paths"].values() for op in path.values()}
    official = _load(HSDS / "openapi" / "openapi.json")
    assert {path.removeprefix("/api/hsds") or "/" for path in document["paths"]} == set(official["paths"])
    assert len(operations) == len(official["paths"])


def test_our_openapi_document_matches_its_snapshot(client: Any, db: Any) -> None:
    """Changing the API is a deliberate act: regenerate with UPDATE_SNAPSHOTS=1 and review the diff."""
    document = client.get(f"{BASE}/openapi.json").json()
    rendered = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(rendered, encoding="utf-8")
    assert rendered == SNAPSHOT.read_text(encoding="utf-8")


# --- schemathesis against the official API document -------------------------------------------

# Parameters the official document types more loosely than their meaning, so that a generator
# following it sends values no API can honour (and the document declares no error responses):
# `format` is any string though only `json` and `ndjson` mean anything; `modified_after` declares
# `"format": "datetime"`, which is no JSON Schema format (it is `date-time`), so any string is
# "valid"; `proximity` is a distance in metres typed as a string. We answer such values 422.
LOOSE_PARAMETERS = {"format", "modified_after", "proximity"}
EXAMPLES = 25

# Item schemas of list responses: (one-to-one items, fully nested items).
LIST_ITEMS = {
    "/services": ("compiled/service_list.json", "compiled/service.json"),
    "/organizations": ("compiled/organization_list.json", "compiled/organization.json"),
    "/service_at_locations": ("compiled/service_at_location_list.json", "compiled/service_at_location.json"),
    "/taxonomies": ("taxonomy.json", "taxonomy.json"),
    "/taxonomy_terms": ("taxonomy_term.json", "taxonomy_term.json"),
}
DETAILS = {
    "/services/{id}": "compiled/service.json",
    "/organizations/{id}": "compiled/organization.json",
    "/service_at_locations/{id}": "compiled/service_at_location.json",
    "/taxonomies/{id}": "taxonomy.json",
    "/taxonomy_terms/{id}": "taxonomy_term.json",
}


def official_document() -> dict[str, Any]:
    """The official HSDS API document, its remote schema references pointed at the local copies."""
    text = (HSDS / "openapi" / "openapi.json").read_text(encoding="utf-8")
    document: dict[str, Any] = json.loads(text.replace(REMOTE, (HSDS / "schema").as_uri() + "/"))
    assert REMOTE not in json.dumps(document)
    return document


def _truthy(value: Any) -> bool:
    return str(value).lower() in {"true", "1"}


def _item_schema(path: str, case: Any) -> str:
    """The schema of one item of a list answer: with `full` (or `full_service`), the nested one."""
    query = case.query or {}
    nested = not _truthy(query.get("minimal")) and (
        _truthy(query.get("full")) or (path == "/organizations" and _truthy(query.get("full_service")))
    )
    return LIST_ITEMS[path][nested]


def _strict_check(path: str, case: Any, body: Any) -> None:
    """Beyond schemathesis (which applies the official schemas as published): unknown fields fail."""
    if path in DETAILS:
        assert_valid(body, validator(DETAILS[path]), path)
    elif path in LIST_ITEMS:
        assert_page(body, _item_schema(path, case), path)
    else:
        assert_valid(body, _root_validator(), path)


def test_the_official_api_document_holds(directory: Directory, settings: Any) -> None:
    """schemathesis generates requests from the official document and checks our responses against it.

    Four defects of the official document (HSDS 3.0 `schema/openapi.json`) are allowed for, each
    only where it applies, and the affected responses are still checked our own way:

    1. It documents only `200` responses, also for `/{id}` operations, which must answer an
       unknown id somehow: our `404` (with `{"detail": "Not found."}`) skips `status_code_conformance`.
    2. It declares no `4xx` at all and types `format`, `modified_after` and `proximity` loosely
       (LOOSE_PARAMETERS): a `422` naming only those parameters skips `status_code_conformance`
       and `positive_data_acceptance`.
    3. `format` may be `ndjson`, but only `application/json` answers are documented: an
       `application/x-ndjson` answer skips the content-type and response-schema checks, and each
       of its lines is validated against the item schema here.
    4. `/service_at_locations/{id}` references `compiled/service.json`, not
       `compiled/service_at_location.json` (the service schema requires `name` and `status`, which a
       service-at-location has not): its `200`s skip `response_schema_conformance` and are
       validated against `compiled/service_at_location.json` here.
    """
    import schemathesis
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from hypothesis import HealthCheck, Phase, given, strategies
    from hypothesis import settings as hypothesis_settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        positive_data_acceptance,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
        response_headers_conformance,
        positive_data_acceptance,
    ]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    known = {
        "/services/{id}": [hsds_id(s) for s in (directory.homework, directory.maths, directory.legal)],
        "/organizations/{id}": [org_id(directory.homework.organization), org_id(directory.maths.organization)],
        "/service_at_locations/{id}": [sal_id(directory.homework), sal_id(directory.maths)],
        "/taxonomies/{id}": [hsds_id(directory.local), hsds_id(directory.term.taxonomy)],
        "/taxonomy_terms/{id}": [hsds_id(directory.child), hsds_id(directory.term)],
    }
    schema = schemathesis.openapi.from_dict(official_document())
    schema.config.update(base_url="http://localhost/api/hsds")
    schema.app = WSGIHandler()

    stats: dict[str, dict[str, int]] = {}

    def run_case(path: str, case: Any) -> None:
        tally = stats.setdefault(path, {"examples": 0, "checks_passed": 0, "checks_skipped": 0})
        tally["examples"] += 1
        response = case.call()
        status = response.status_code
        tally[f"status {status}"] = tally.get(f"status {status}", 0) + 1
        skip: set[Any] = set()
        content_type = (response.headers.get("content-type") or [""])[0]
        if status == 404 and path in known:  # defect 1
            assert case.path_parameters["id"] not in known[path]
            assert json.loads(response.content) == {"detail": "Not found."}
            skip |= {status_code_conformance}
        elif status == 422:  # defect 2
            # "proximity needs postcode" is checked on the pair, so its error names the pair's
            # model (`near`), not a field: it is about `proximity`.
            named = {str(error["loc"][-1]) for error in json.loads(response.content)["detail"]}
            named = {"proximity" if name == "near" else name for name in named}
            assert named and named <= LOOSE_PARAMETERS, f"{path} refused {case.query}: {named}"
            skip |= {status_code_conformance, positive_data_acceptance}
        elif status == 200 and content_type.startswith("application/x-ndjson"):  # defect 3
            skip |= {content_type_conformance, response_schema_conformance}
            tally["ndjson"] = tally.get("ndjson", 0) + 1
            for line in response.content.decode().splitlines():
                assert_valid(json.loads(line), validator(_item_schema(path, case)), path)
        elif status == 200:
            assert content_type.startswith("application/json"), content_type
            if path == "/service_at_locations/{id}":  # defect 4
                skip |= {response_schema_conformance}
            _strict_check(path, case, json.loads(response.content))
        else:
            raise AssertionError(f"{path} answered {status} to {case.path_parameters} {case.query}")
        applied = [check for check in checks if check not in skip]
        case.validate_response(response, checks=applied)
        tally["checks_passed"] += len(applied)
        tally["checks_skipped"] += len(skip)

    def fuzzer(path: str, strategy: Any) -> Any:
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
            phases=[Phase.explicit, Phase.generate, Phase.shrink],
        )
        @given(case=strategy)
        def fuzz(case: Any) -> None:
            run_case(path, case)

        return fuzz

    # Django closes "old" connections when a request finishes, which would end the test's
    # transaction; its test client does not, and nor may this in-process WSGI app.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    started = time.monotonic()
    try:
        for result in schema.get_all_operations():
            operation = result.ok()
            path = operation.path
            strategy = operation.as_strategy()
            if path in known:  # also ask for ids that exist, so that full answers are checked too
                strategy = strategies.one_of(
                    strategy, *(operation.as_strategy(path_parameters={"id": key}) for key in known[path])
                )
            elif "format" in {p.name for p in operation.iter_parameters()}:
                # Half the cases ask for a format that exists, so that the filters are exercised.
                strategy = strategies.one_of(
                    strategy, *(operation.as_strategy(query={"format": f}) for f in ("json", "ndjson"))
                )

            fuzzer(path, strategy)()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    elapsed = time.monotonic() - started

    assert set(stats) == set(official_document()["paths"])
    for path, tally in stats.items():
        assert tally.get("status 200", 0) > 0, f"{path}: no successful answer was checked: {tally}"
    print(f"\nschemathesis: {sum(t['examples'] for t in stats.values())} examples in {elapsed:.1f}s")
    for path, tally in sorted(stats.items()):
        print(f"  {path}: {tally}")
