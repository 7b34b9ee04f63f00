"""Build the topic files that need building on every core, when there is enough work to share.

Each topic file builds on its own (see filebuild.py), so files can be built in
worker processes. A worker sends back a complete file's notes in the file
cache's format (see filecache.py), which the build reads like any cache entry,
and a file with problems as it is, without notes; the build then goes on in
file order exactly as if it had built each file itself.

Workers are forked, so they start with everything imported and loaded. In a
rebuild, even one changed file goes to a worker when there are enough kept
entries to read meanwhile (see topics.py). Where forking is not the norm
(macOS, Windows), or the files are few or small, the files are built one after
another in the process itself.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .cores import cores
from .filebuild import FileBuild, build_file
from .filecache import record

if TYPE_CHECKING:
    from .filecache import FileCache
    from .model import Settings

# Below this much YAML, starting workers costs about what they save (measured at 1,000 cards).
MIN_PARALLEL_BYTES = 1024 * 1024
# In a rebuild, a worker (about 10 ms to start) also pays when this process has kept entries to read
# meanwhile: at least this many bytes of them (about 10 ms of reading), and of YAML to build (25 ms).
MIN_KEPT_BYTES = 4 * 1024 * 1024
MIN_ALONGSIDE_BYTES = 64 * 1024

# What every worker builds from: set before the fork, so the workers inherit it.
_JOB: tuple[Path, Settings, tuple[str, ...], FileCache | None] | None = None


@contextmanager
def built_files(cards_dir: Path, settings: Settings, langs: tuple[str, ...], jobs: list[tuple[str, str | None]],
                cache: FileCache | None, alongside: int = 0) -> Iterator[Iterator[FileBuild | bytes]]:
    """For each (file name, cache key), in order: its build, or a worker's record of it (see filecache.entry).

    Workers, if any, start on entering, so the caller can read the ``alongside``
    bytes of kept entries while they build. Complete builds are saved in ``cache``
    under their key."""
    processes = _processes(cards_dir, [name for name, _ in jobs], alongside)
    if processes == 0:
        yield _built_here(cards_dir, settings, langs, jobs, cache)
        return
    global _JOB
    _JOB = (cards_dir, settings, langs, cache)
    try:
        with multiprocessing.get_context("fork").Pool(processes) as pool:
            yield pool.imap(_work, jobs)
    finally:
        _JOB = None


def _built_here(cards_dir: Path, settings: Settings, langs: tuple[str, ...], jobs: list[tuple[str, str | None]],
                cache: FileCache | None) -> Iterator[FileBuild]:
    for name, key in jobs:
        built = build_file(cards_dir, name, settings, langs)
        if cache is not None and key is not None:
            cache.save(key, built)
        yield built


def _work(job: tuple[str, str | None]) -> FileBuild | bytes:
    assert _JOB is not None
    cards_dir, settings, langs, cache = _JOB
    name, key = job
    built = build_file(cards_dir, name, settings, langs)
    if not built.complete:
        built.notes = {}  # a build with problems stops at them: only they are needed
        return built
    kept = cache.save(key, built) if cache is not None and key is not None else None
    return kept if kept is not None else record(key or "", built)


def _processes(cards_dir: Path, names: list[str], alongside: int) -> int:
    """Worker processes to start; 0: build in this process."""
    processes = cores()
    if processes == 1 or not names or sys.platform != "linux":
        return 0
    size = 0
    for name in names:
        try:
            size += (cards_dir / name).stat().st_size
        except OSError:
            pass
    # Enough to share out; or, in a rebuild, enough to build while this process reads the kept entries.
    if (size >= MIN_PARALLEL_BYTES and len(names) > 1) or (size >= MIN_ALONGSIDE_BYTES and alongside >= MIN_KEPT_BYTES):
        return min(processes, len(names))
    return 0
