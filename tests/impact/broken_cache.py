"""A cache backend that fails every call, as a cache server that is down."""

from django.core.cache.backends.base import BaseCache


class BrokenCache(BaseCache):
    def __init__(self, location=None, params=None):
        super().__init__(params or {})

    def _fail(self, *args, **kwargs):
        raise ConnectionError("cache is down")

    get = set = add = delete = get_many = set_many = delete_many = clear = _fail
    touch = incr = decr = has_key = _fail
