import re
from typing import Any

from django.urls import URLPattern, get_resolver

from conftest import World


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p
        else:
            yield from _walk(p.url_patterns, prefix + str(p.pattern))


def test_probe(login: Any, world: World, client: Any) -> None:
    client.raise_request_exception = False
    bad = []
    for persona in ["dana", "mai"]:
        login(persona, language="en")
        for route, p in _walk(get_resolver().url_patterns):
            if "<slug:" not in route and "<str:" not in route:
                continue
            for slug in ["nope-nope", "riverbend"]:
                url = "/" + re.sub(r"<(slug|str):\w+>", slug, route)
                url = re.sub(r"<int:\w+>", "1", url)
                if "<" in url:
                    continue
                for m in ("get", "post"):
                    r = getattr(client, m)(url, {"name": "x", "text": "x"})
                    if r.status_code >= 500:
                        bad.append((persona, m, url, r.status_code))
    print(sorted(set(bad)))
