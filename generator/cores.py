"""How many cores a build may use: ``DOCKDECK_JOBS`` if set, else every core this process may run on."""

from __future__ import annotations

import os

# 1 keeps a build to one core: no worker processes, one thread deflating.
JOBS_ENV = "DOCKDECK_JOBS"


def cores() -> int:
    try:
        wanted = int(os.environ.get(JOBS_ENV, "0"))
    except ValueError:
        wanted = 0
    if wanted > 0:
        return wanted
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no sched_getaffinity
        return os.cpu_count() or 1
