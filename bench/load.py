"""Village under load: `python -m bench.load [--clients 32] [--seconds 15] [--mix-seconds 30]`.

Loopback only, bounded in clients and time. It:

1. creates a throwaway PostgreSQL database (`village_load_<pid>`, on the server at
   $VILLAGE_BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres), migrates it
   and fills it with `manage.py demo` (tasks run inline while it builds);
2. starts gunicorn (`--workers`, default 2, DEBUG off) on 127.0.0.1 and two task workers
   (`manage.py db_worker`), with VILLAGE_BENCH on: that mounts a do-nothing view (/bench/floor/)
   and counts each request's SQL queries into a header (village/lib/bench.py);
3. runs locust headless (bench/load_users.py): one phase per page in which every client asks for
   that page only, signed in as the persona who uses it (families on the finder, a service, home
   and the school's survey; the coordinator on the worklist, needs and match; the partner on the
   inbox; the public on the report, its PDF and the HSDS API), then the persona mix with think
   time, in which newcomers sign in again and again (sign-in's p95 under load);
4. prints, per page: requests/s, p50/p95/p99, errors, queries per request, the ratio of its
   requests/s to the do-nothing view's (measured first, in the same run), and the load average
   when its phase ended (the machine may be shared);
5. stops every process it started and drops the database.

`--database-url` runs against an existing database instead (nothing created, migrated or
dropped). The PDF phase answers from the stored file once the worker has rendered it.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = "village_load_template"
PHASES = [
    "floor",
    "finder",
    "finder filtered",
    "service",
    "family home",
    "survey",
    "worklist",
    "needs",
    "match",
    "partner inbox",
    "public report",
    "public report pdf",
    "hsds services",
]


def _targets() -> None:
    """Runs in a child with Django set up: prints what the users ask for, as JSON."""
    import django

    django.setup()
    from village.demo.common import DEMO_PASSWORD
    from village.directory.models import Service
    from village.families.models import Need
    from village.orgs.models import District, School
    from village.voice.models import Survey

    school = School.objects.get(name="Lincoln Elementary School", district__slug="riverbend")
    need = Need.objects.filter(student__school=school, status="open").order_by("pk").first()
    survey = Survey.objects.filter(status="open", anonymous=True).order_by("pk").first()
    service = Service.objects.filter(status="active").order_by("pk").first()
    assert need and survey and service, "the demo has no open need, open survey or active service"
    print(
        json.dumps(
            {
                "password": DEMO_PASSWORD,
                "family": "family@village.test",
                "coordinator": "coordinator@village.test",
                "partner": "partner@village.test",
                "school": school.pk,
                "need": need.pk,
                "service": service.pk,
                "survey_token": survey.token,
                "district": District.objects.get(slug="riverbend").slug,
            }
        )
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def _exists(url: str, name: str) -> bool:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def _build(admin_url: str, name: str, env: dict[str, str]) -> None:
    """A new database with the demo in it (its tasks run inline while it builds)."""
    _admin(admin_url, f'CREATE DATABASE "{name}"')
    started = time.monotonic()
    build_env = {**env, "VILLAGE_TASKS_BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    try:
        _run(build_env, "manage.py", "migrate", "-v0")
        _run(build_env, "manage.py", "demo", "--no-progress")
    except BaseException:
        _admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        raise
    print(f"demo_build_seconds: {time.monotonic() - started:.1f} (load {os.getloadavg()[0]:.2f})")


def _run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"failed: {' '.join(args)}")
    return done.stdout


def _sign_in(host: str, email: str, password: str) -> str:
    """A session for `email`, through allauth's form as a browser fills it in."""
    import http.cookiejar
    import re
    from urllib.parse import urlencode

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{host}/accounts/login/", timeout=120).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "no CSRF token on the sign-in page"
    body = urlencode({"login": email, "password": password, "csrfmiddlewaretoken": token.group(1)}).encode()
    request = urllib.request.Request(
        f"{host}/accounts/login/", data=body, headers={"Referer": f"{host}/accounts/login/"}
    )
    opener.open(request, timeout=120).read()
    session = next((c.value for c in jar if c.name == "sessionid"), None)
    if not session:
        raise SystemExit(f"could not sign in as {email}")
    return session


def _wait_for(url: str, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # loopback only
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer {url} within {seconds} s")


def _phase(env: dict[str, str], host: str, phase: str, clients: int, seconds: int, work: Path) -> list[list[object]]:
    out = work / f"{phase.replace(' ', '_')}.json"
    phase_env = {**env, "VILLAGE_LOAD_PHASE": phase, "VILLAGE_LOAD_OUT": str(out)}
    with open(work / "locust.log", "a") as log:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(ROOT / "bench" / "load_users.py"),
                "--headless",
                "--only-summary",
                "--users",
                str(clients),
                "--spawn-rate",
                str(clients),
                "--run-time",
                f"{seconds}s",
                "--stop-timeout",
                "5",
                "--host",
                host,
                "--loglevel",
                "WARNING",
            ],
            env=phase_env,
            cwd=ROOT,
            stdout=log,
            stderr=log,
            check=False,
        )
    return list(json.loads(out.read_text())) if out.exists() else []


def _summary(records: list[list[object]], name: str) -> dict[str, float] | None:
    rows = [r for r in records if r[0] == name]
    if not rows:
        return None
    ends = [float(r[1]) for r in rows]  # type: ignore[arg-type]
    times = sorted(float(r[2]) for r in rows)  # type: ignore[arg-type]
    span = max(ends) - min(ends)
    cuts = statistics.quantiles(times, n=100, method="inclusive") if len(times) > 1 else [times[0]] * 99
    queries = [int(r[4]) for r in rows if int(r[4]) >= 0]  # type: ignore[call-overload]
    return {
        "count": len(rows),
        "rps": (len(rows) - 1) / span if span > 0 else 0.0,
        "p50": cuts[49],
        "p95": cuts[94],
        "p99": cuts[98],
        "errors": sum(1 for r in rows if r[3]),
        "queries": statistics.median(queries) if queries else -1,
        "queries_max": max(queries) if queries else -1,
    }


def _line(label: str, s: dict[str, float], floor_rps: float | None, load: float) -> str:
    ratio = f"{s['rps'] / floor_rps:.3f}" if floor_rps else "n/a"
    return (
        f"{label}: {s['rps']:.1f} req/s, p50 {s['p50']:.0f} ms, p95 {s['p95']:.0f} ms, p99 {s['p99']:.0f} ms, "
        f"errors {int(s['errors'])}/{int(s['count'])}, queries {s['queries']:g} (max {int(s['queries_max'])}), "
        f"load {load:.2f}, ratio {ratio}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (at most 64)")
    parser.add_argument("--seconds", type=int, default=15, help="length of each one-page phase (at most 120)")
    parser.add_argument("--mix-seconds", type=int, default=30, help="length of the persona mix (at most 300)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--pages", default="", help="comma-separated phases to run (default: all, then the mix)")
    parser.add_argument("--no-mix", action="store_true", help="skip the persona mix")
    parser.add_argument("--database-url", default="", help="use this existing database (nothing created or dropped)")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help=f"keep the built demo as database {TEMPLATE} and clone it on later runs (rebuild: drop it)",
    )
    parser.add_argument("--targets", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.targets:
        _targets()
        return
    clients = max(1, min(args.clients, 64))
    seconds = max(3, min(args.seconds, 120))
    mix_seconds = max(5, min(args.mix_seconds, 300))
    phases = [p.strip() for p in args.pages.split(",") if p.strip()] or PHASES
    unknown = set(phases) - set(PHASES)
    if unknown:
        raise SystemExit(f"unknown pages: {', '.join(sorted(unknown))} (known: {', '.join(PHASES)})")
    if "floor" not in phases:
        phases = ["floor", *phases]

    admin_url = os.environ.get("VILLAGE_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    name = f"village_load_{os.getpid()}"
    database_url = args.database_url or _with_database(admin_url, name)
    work = Path(tempfile.mkdtemp(prefix="village-load-"))
    env = {
        **os.environ,
        "VILLAGE_ENV": "development",  # production settings want https and TOTP for staff: see README
        "VILLAGE_DEBUG": "0",
        "VILLAGE_MFA_REQUIRED": "0",
        "VILLAGE_BENCH": "1",
        "DJANGO_SETTINGS_MODULE": "village.settings",
        "DATABASE_URL": database_url,
        "VILLAGE_VAR_DIR": str(work / "var"),
        "LOG_LEVEL": "ERROR",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("VILLAGE_TEST_DATABASE_URL", None)
    # Mail, texts and stored PDFs go to the run's own folder; the instanced fonts (30 s to make) are shared.
    (ROOT / "var" / "fonts").mkdir(parents=True, exist_ok=True)
    (work / "var").mkdir()
    (work / "var" / "fonts").symlink_to(ROOT / "var" / "fonts")
    processes: list[subprocess.Popen[bytes]] = []
    created = False
    try:
        if not args.database_url:
            if args.reuse and not _exists(admin_url, TEMPLATE):
                _build(admin_url, TEMPLATE, {**env, "DATABASE_URL": _with_database(admin_url, TEMPLATE)})
            if args.reuse:
                _admin(admin_url, f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
                created = True
            else:
                created = True
                _build(admin_url, name, env)
        found = json.loads(_run(env, "-m", "bench.load", "--targets").strip().splitlines()[-1])
        # The PDFs' fonts, instanced once (a web worker doing it would pass gunicorn's timeout).
        _run(env, "manage.py", "prepare_fonts")
        port = _free_port()
        host = f"http://127.0.0.1:{port}"
        server_log = open(work / "server.log", "w")  # noqa: SIM115 (closed with the processes)
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "village.wsgi",
                    "--workers",
                    str(args.workers),
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--backlog",
                    "256",
                    "--timeout",
                    "120",
                    "--preload",
                ],
                env=env,
                cwd=ROOT,
                stdout=server_log,
                stderr=server_log,
            )
        )
        for _ in range(2):
            processes.append(
                subprocess.Popen(
                    [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"],
                    env=env,
                    cwd=ROOT,
                    stdout=server_log,
                    stderr=server_log,
                )
            )
        _wait_for(f"{host}/bench/floor/", seconds=240)
        found["sessions"] = {
            persona: _sign_in(host, found[persona], found["password"])
            for persona in ("family", "coordinator", "partner")
        }
        targets = work / "targets.json"
        targets.write_text(json.dumps(found))
        env["VILLAGE_LOAD_TARGETS"] = str(targets)
        print(f"server: gunicorn {args.workers} workers and 2 task workers on PostgreSQL, {clients} clients, {host}")
        floor_rps: float | None = None
        for phase in phases:
            records = _phase(env, host, phase, clients, seconds, work)
            load = os.getloadavg()[0]
            summary = _summary(records, phase)
            if summary is None:
                print(f"{phase}: no answers (see {work}/locust.log)")
                continue
            if phase == "floor":
                floor_rps = summary["rps"]
            print(_line(phase, summary, floor_rps, load), flush=True)
        if not args.no_mix:
            records = _phase(env, host, "mix", clients, mix_seconds, work)
            load = os.getloadavg()[0]
            names = sorted({str(r[0]) for r in records})
            print(f"mix ({mix_seconds} s, {clients} clients with think time, load {load:.2f}):")
            for page in names:
                summary = _summary(records, page)
                if summary:
                    print("  " + _line(f"mix {page}", summary, floor_rps, load))
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        if created:
            _admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        print(f"logs: {work}")


if __name__ == "__main__":
    main()
