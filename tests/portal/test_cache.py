"""The Redis cache backend (``portal.cache``) against the Redis server of this machine."""

import secrets

import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from portal.cache import RedisCache
from tests.redis_server import REDIS_URL, needs_redis

pytestmark = needs_redis


@pytest.fixture
def cache():
    prefix = f"test-cache-{secrets.token_hex(4)}"
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    yield backend
    client = backend._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)
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


def test_it_reuses_one_client_per_pool(cache):
    first = cache._cache.get_client(write=False)
    assert cache._cache.get_client(write=True) is first
    cache.set("key", "value")
    assert cache._cache.get_client() is first


def test_djangos_backend_builds_a_client_per_call():
    """Why ``portal.cache`` exists; if Django starts reusing clients, drop it."""
    backend = DjangoRedisCache(REDIS_URL, {})
    assert backend._cache.get_client() is not backend._cache.get_client()


def test_each_server_has_its_client_and_its_pool():
    """With replicas, a read goes to one of them through that server's own pool."""
    servers = [f"redis://127.0.0.1:6379/{db}" for db in (13, 14, 15)]
    backend = RedisCache(servers, {})
    client = backend._cache
    writer = client.get_client(write=True)
    assert writer.connection_pool.connection_kwargs["db"] == 13
    readers = [client.get_client() for _ in range(50)]
    assert {r.connection_pool.connection_kwargs["db"] for r in readers} == {14, 15}
    for index, db in enumerate((13, 14, 15)):
        assert client._pools[index].connection_kwargs["db"] == db
        assert client._clients[index].connection_pool is client._pools[index]
    assert len({id(r) for r in readers}) == 2
