"""``/healthz``: whether this web process can reach the database and the cache.

For load balancers and monitoring: ``200`` with ``{"status": "ok", ...}``
when both answer, ``503`` naming the one that does not. It is answered by
the first middleware, before the host check and the HTTPS redirect (a load
balancer probes by IP address, over plain HTTP), sets no cookie, and costs
one ``SELECT 1`` and one Redis ``PING`` (none while the cache is known to be
out, see ``portal.cache``). Error details go to the log, not to the answer.
"""

import json
import logging

from django.core.cache import caches
from django.db import DatabaseError, connections
from django.http import HttpResponse, HttpResponseNotAllowed

from .cache import OUTAGE_ERRORS, FailoverRedisCache

logger = logging.getLogger(__name__)

PATH = "/healthz"


def database_ok(alias: str = "default") -> bool:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Health check: database unreachable: %s", error)
        return False
    return True


def cache_ok(alias: str = "default") -> bool:
    """Whether the shared cache answers. A memory cache (no ``REDIS_URL``)
    always does; Redis is asked directly, past the failover stand-in."""
    cache = caches[alias]
    if not isinstance(cache, FailoverRedisCache):
        return True
    if cache.redis_is_out:
        return False
    try:
        cache.client.get_client(write=True).ping()
    except OUTAGE_ERRORS as error:
        cache._redis_failed("ping", error)
        return False
    return True


def health() -> tuple[int, dict[str, str]]:
    checks = {
        "database": "ok" if database_ok() else "unreachable",
        "cache": "ok" if cache_ok() else "unreachable",
    }
    healthy = all(value == "ok" for value in checks.values())
    return (200 if healthy else 503), {
        "status": "ok" if healthy else "unavailable",
        **checks,
    }


class HealthCheckMiddleware:
    """Answers ``GET``/``HEAD /healthz`` (405 to other methods); comes before
    ``SecurityMiddleware`` and ``CommonMiddleware`` in ``MIDDLEWARE``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.rstrip("/") != PATH:
            return self.get_response(request)
        if request.method not in {"GET", "HEAD"}:
            return HttpResponseNotAllowed(["GET", "HEAD"])
        status, body = health()
        response = HttpResponse(
            json.dumps(body),
            status=status,
            content_type="application/json",
        )
        response["Cache-Control"] = "no-store"
        # Not logged by Django as a 5xx: the probe comes every few seconds,
        # and portal/cache.py logs an outage once per process already.
        response._has_been_logged = True
        return response
