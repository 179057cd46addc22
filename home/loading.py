"""Whether the demo content is being loaded (``manage.py load_demo_content``).

Receivers that record editors' work (the country alerts) skip what the demo
builds: a new site's first digest would otherwise list every demo page.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_loading_demo = ContextVar("loading_demo_content", default=False)


@contextmanager
def loading_demo_content() -> Iterator[None]:
    """Mark the code inside as the demo loader's."""
    token = _loading_demo.set(True)
    try:
        yield
    finally:
        _loading_demo.reset(token)


def is_loading_demo_content() -> bool:
    return _loading_demo.get()
