"""Build benchmark: dockdeck against genanki writing the same notes, every number a whole process.

    uv run python benchmarks/build.py                      # the Docker deck, then 1k, 10k and 100k cards
    uv run python benchmarks/build.py --sizes 1000,10000   # a quicker run

Each measurement is one process (interpreter start, imports, writing the files), timed from
outside, with its peak memory (max RSS) from wait4. Rounds are interleaved (round 1 of every
variant and size, then round 2, ...) so background load on a shared machine hits every variant
alike; the table shows medians and the ratios of medians of one run. Not part of the test suite.

Variants: the Docker deck's full build (both languages, empty output folder and build record),
its rebuild with nothing changed, and `check`; for synthetic decks of N command cards (tests/
synthetic.py), `dockdeck build --lang en` from nothing and two floors writing the same notes
with genanki: A from data made in memory, B after reading the YAML with libyaml.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "tests"))
import synthetic  # noqa: E402

EXE = Path(sys.executable).parent / "dockdeck"


def run(cmd: list[str], cache: Path) -> tuple[float, int]:
    """Wall seconds and peak memory (bytes) of one process, which must succeed."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err}")
    return seconds, usage.ru_maxrss * 1024  # KiB on Linux


def fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    # These machines set PYTHONDONTWRITEBYTECODE; an installed tool runs from compiled bytecode.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "generator"),
                    *(str(p) for p in map(Path, sys.path) if p.name == "site-packages")], check=False)
    work = Path(tempfile.mkdtemp(prefix="dockdeck-bench-"))
    real = REPO / "cards"
    variants: dict[tuple[str, int], Callable[[], tuple[float, int]]] = {
        ("real build", 0): lambda: run([str(EXE), "build", "--cards", str(real), "--out", str(fresh(work / "r"))],
                                       fresh(work / "cache")),
        ("real rebuild", 0): lambda: run([str(EXE), "build", "--cards", str(real), "--out", str(work / "r")],
                                         work / "cache"),
        ("real check", 0): lambda: run([str(EXE), "check", "--cards", str(real)], work / "cache"),
    }
    for n in sizes:
        cards = synthetic.write_deck(work / f"cards-{n}", n)
        variants[("build", n)] = lambda c=cards: run(  # type: ignore[misc]
            [str(EXE), "build", "--lang", "en", "--cards", str(c), "--out", str(fresh(work / "o"))], fresh(work / "cache"))
        for name, flag in (("A", []), ("B", ["--yaml"])):
            variants[(name, n)] = lambda c=cards, n=n, f=flag: run(  # type: ignore[misc]
                [sys.executable, str(HERE / "floor.py"), str(c), str(fresh(work / "o") / "f.apkg"), str(n), *f],
                work / "cache")
    times: dict[tuple[str, int], list[float]] = {}
    peaks: dict[tuple[str, int], list[int]] = {}
    for r in range(args.rounds):
        keys = list(variants)
        for key in keys[r % len(keys):] + keys[:r % len(keys)]:
            if key[0] == "real rebuild" and ("real build", 0) in variants:
                variants[("real build", 0)]()  # the rebuild starts from a fresh build and its record
            seconds, peak = variants[key]()
            times.setdefault(key, []).append(seconds)
            peaks.setdefault(key, []).append(peak)
            print(f"round {r + 1}: {key[0]} {key[1] or ''} {seconds:.3f} s", file=sys.stderr)
    shutil.rmtree(work, ignore_errors=True)

    med = {k: statistics.median(v) for k, v in times.items()}
    mib = {k: max(v) / 2**20 for k, v in peaks.items()}
    print(f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"{args.rounds} interleaved rounds, medians\n")
    print("| Docker deck | s | peak MiB |\n| --- | ---: | ---: |")
    for name in ("real build", "real rebuild", "real check"):
        print(f"| {name.removeprefix('real ')} | {med[(name, 0)]:.3f} | {mib[(name, 0)]:.0f} |")
    print("\n| cards | build s | A s | B s | build/A | build/B | peak MiB build / A / B | growth |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for i, n in enumerate(sizes):
        b, a, f = med[("build", n)], med[("A", n)], med[("B", n)]
        growth = f"{b / med[('build', sizes[i - 1])]:.1f}x" if i else ""
        print(f"| {n:,} | {b:.2f} | {a:.2f} | {f:.2f} | {b / a:.2f} | {b / f:.2f} | "
              f"{mib[('build', n)]:.0f} / {mib[('A', n)]:.0f} / {mib[('B', n)]:.0f} | {growth} |")


if __name__ == "__main__":
    main()
