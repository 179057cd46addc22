"""Django's Redis cache, with one Redis client per connection pool.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` object for every
cache call, and each one sets up its table of several hundred response
callbacks: a booking request (its session, the site's root paths) spent
about a millisecond doing that. A ``redis.Redis`` object is thread-safe and
holds no connection of its own (it borrows from the pool), so one per pool is
kept and reused.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def _pool_at(self, index: int):
        """The connection pool of server ``index`` (Django keeps them in ``_pools``)."""
        if index not in self._pools:
            self._pools[index] = self._pool_class.from_url(
                self._servers[index], **self._pool_options
            )
        return self._pools[index]

    def get_client(self, key=None, *, write=False):
        # Writes go to the first server; reads to one of the others, if any.
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._pool_at(index)
            )
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
