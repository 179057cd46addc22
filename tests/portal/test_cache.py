"""The Redis cache (django-redis, as production configures it) against this
machine's Redis server."""

import secrets

import pytest
from django_redis.cache import RedisCache

from tests.redis_server import REDIS_URL, needs_redis

pytestmark = needs_redis


def production_cache(location=REDIS_URL) -> RedisCache:
    """The cache as portal.settings.base builds it with REDIS_URL set."""
    return RedisCache(location, {"KEY_PREFIX": f"test-cache-{secrets.token_hex(4)}"})


@pytest.fixture
def cache():
    backend = production_cache()
    yield backend
    backend.delete_pattern("*")
    backend.close()


def test_it_stores_reads_and_deletes(cache):
    cache.set("session", {"user": 7}, 30)
    assert cache.get("session") == {"user": 7}
    assert cache.get_many(["session", "missing"]) == {"session": {"user": 7}}
    assert cache.add("session", "other") is False
    assert cache.add("counter", 0) is True
    assert cache.incr("counter") == 1
    cache.delete("session")
    assert cache.get("session", "gone") == "gone"


def test_it_reuses_one_client_per_server(cache):
    first = cache.client.get_client(write=True)
    cache.set("key", "value")
    assert cache.client.get_client(write=True) is first


def test_reads_go_to_the_replicas_and_writes_to_the_first_server():
    servers = [f"redis://127.0.0.1:6379/{db}" for db in (13, 14, 15)]
    backend = production_cache(servers)
    writer = backend.client.get_client(write=True)
    assert writer.connection_pool.connection_kwargs["db"] == 13
    readers = {
        backend.client.get_client(write=False).connection_pool.connection_kwargs["db"]
        for _ in range(50)
    }
    assert readers <= {14, 15}
