"""Production settings for the benchmarks, with only the static files' folder moved.

``collectstatic`` (the manifest storage needs it) writes to ``BENCH_STATIC_ROOT``,
a temporary folder, rather than the working tree's ``staticfiles/``, where
WhiteNoise would serve stale copies to the test suite. Everything else is
production's, HTTPS-only cookies included: the benchmark's clients send
``X-Forwarded-Proto: https`` as the TLS-terminating load balancer does.
"""

import os
from pathlib import Path

from portal.settings.production import *  # noqa: F403

STATIC_ROOT = Path(os.environ["BENCH_STATIC_ROOT"])
