"""Running calls in threads at once, for tests of what happens concurrently."""

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection

from workshops import services

# Long enough for a loaded CI machine, short enough that a deadlock fails fast.
THREAD_TIMEOUT = 60


def run_together(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run each call in its own thread, all released at once; results in order.

    A call's result is what it returned or the ``BookingError`` it raised; any
    other exception fails the test. Each thread closes its connection.
    """
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    failures: list[BaseException] = []

    def work(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=THREAD_TIMEOUT)
            results[index] = call()
        except services.BookingError as error:
            results[index] = error
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=work, args=(index, call), daemon=True)
        for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(THREAD_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    if failures:
        raise failures[0]
    return results
