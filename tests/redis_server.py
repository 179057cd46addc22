"""The Redis server of this machine (127.0.0.1:6379), for tests that talk to it."""

import socket

import pytest

REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_is_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=2).close()
    except OSError:
        return False
    return True


needs_redis = pytest.mark.skipif(
    not redis_is_up(), reason="needs Redis on 127.0.0.1:6379 (.ci/run starts it)"
)
