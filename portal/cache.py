"""The production cache: Redis, with a memory cache standing in while it is out.

``FailoverRedisCache`` is django-redis's ``RedisCache`` (``CACHES`` in
``portal.settings.base`` when ``REDIS_URL`` is set) with one difference: when
Redis cannot be reached or does not answer within ``SOCKET_TIMEOUT``, the
call is answered by a small memory cache of this process instead of raising,
and for the next ``FAILOVER_SECONDS`` every call goes there directly, without
waiting for Redis again. After that, one call tries Redis; if it answers,
Redis is used again.

So a cache outage costs at most one timeout per process every few seconds,
never a 500, and what uses the cache keeps working, per process:

- pages (Wagtail's site root paths) are rebuilt from the database;
- rate limits (allauth's and ``home.spam``'s) count in each process's own
  memory: a limit becomes "per process" (with four workers, at most four times
  the limit), never "no limit", until Redis is back;
- sessions are not in the cache at all (``SESSION_ENGINE`` is the database),
  so an outage logs nobody out and cannot bring back a session that ended.

What was written to the stand-in is not copied to Redis afterwards. Redis
restarted empty starts afresh; Redis that was only unreachable may hold an
entry that changed meanwhile until it expires (the site caches nothing that
lives longer than an hour).
"""

import logging
import socket
import time

from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

OUTAGE_ERRORS = (
    ConnectionInterrupted,
    RedisConnectionError,
    RedisTimeoutError,
    socket.timeout,
    ConnectionError,
)

# Django's cache API: answered by the stand-in during an outage. django-redis's
# extras (keys, ttl, lock...) have no stand-in and raise as before.
FAILOVER_METHODS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "decr",
    "set_many",
    "delete_many",
    "clear",
    "get_or_set",
)


class FailoverRedisCache(RedisCache):
    """django-redis, answered by a per-process memory cache while Redis is out.

    ``OPTIONS``: django-redis's own, plus ``FAILOVER_SECONDS`` (default 5),
    how long to leave Redis alone after it failed, and
    ``FAILOVER_MAX_ENTRIES`` (default 5,000), the stand-in's size.
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.failover_seconds = float(options.pop("FAILOVER_SECONDS", 5))
        max_entries = int(options.pop("FAILOVER_MAX_ENTRIES", 5_000))
        super().__init__(server, {**params, "OPTIONS": options})
        self.standin = LocMemCache(
            f"failover-{id(self)}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "OPTIONS": {"MAX_ENTRIES": max_entries},
            },
        )
        self._redis_out_until = 0.0

    @property
    def redis_is_out(self) -> bool:
        """Whether calls go to the stand-in now, without trying Redis."""
        return time.monotonic() < self._redis_out_until

    def _redis_failed(self, name: str, error: BaseException) -> None:
        if not self.redis_is_out:
            logger.warning(
                "Cache server unreachable (%s: %s); using this process's memory "
                "for %.0f s",
                name,
                error.__cause__ or error,
                self.failover_seconds,
            )
        self._redis_out_until = time.monotonic() + self.failover_seconds


def _with_failover(name: str):
    redis_method = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        if not self.redis_is_out:
            try:
                return redis_method(self, *args, **kwargs)
            except OUTAGE_ERRORS as error:
                self._redis_failed(name, error)
        return getattr(self.standin, name)(*args, **kwargs)

    method.__name__ = name
    method.__qualname__ = f"FailoverRedisCache.{name}"
    method.__doc__ = redis_method.__doc__
    return method


for _name in FAILOVER_METHODS:
    setattr(FailoverRedisCache, _name, _with_failover(_name))
