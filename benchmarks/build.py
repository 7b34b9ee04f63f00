"""Build benchmark: dockdeck against genanki writing the same notes.

    uv run python benchmarks/build.py                      # 1k, 10k and 100k cards, 3 rounds
    uv run python benchmarks/build.py --sizes 1000,10000   # a quick run

Every measurement is a whole process (interpreter start, imports, writing the
files), timed from outside, with its peak memory (max RSS) and CPU time from
wait4. Builds start from an empty output folder and an empty cache folder;
"1 core" is the same build with DOCKDECK_JOBS=1 (no worker processes). The
rounds are interleaved (round 1 of every variant and size, then round 2, ...)
so background load on a shared machine hits every variant alike; the ratios
come from the medians of one run. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import synthetic  # noqa: E402

REPO = HERE.parent
EXE = Path(sys.executable).parent / ("dockdeck.exe" if os.name == "nt" else "dockdeck")


def run(cmd: list[str], cache: Path | None = None, jobs: int = 0) -> tuple[float, int, float]:
    """Wall seconds, peak memory (bytes) and CPU seconds of one process, which must succeed.

    dockdeck keeps its build cache in ``cache`` (pass a fresh folder for a build from nothing);
    ``jobs`` sets DOCKDECK_JOBS (1: no worker processes)."""
    env = dict(os.environ)
    if cache is not None:
        env["XDG_CACHE_HOME"] = str(cache)
    if jobs:
        env["DOCKDECK_JOBS"] = str(jobs)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    # ru_maxrss is the largest single process (dockdeck's workers are smaller than it);
    # CPU time counts every process, workers included.
    peak = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    return seconds, peak, usage.ru_utime + usage.ru_stime


def dockdeck(cards: Path, out: Path, *extra: str) -> list[str]:
    return [str(EXE), "build", "--cards", str(cards), "--out", str(out), *extra]


def floor(cards: Path, out: Path, n: int, with_yaml: bool) -> list[str]:
    return [sys.executable, str(HERE / "floor.py"), str(cards), str(out / "floor.apkg"), str(n)] + \
        (["--yaml"] if with_yaml else [])


class Runs:
    def __init__(self) -> None:
        self.times: dict[tuple, list[float]] = {}
        self.peaks: dict[tuple, list[int]] = {}
        self.cpu: dict[tuple, list[float]] = {}

    def add(self, key: tuple, result: tuple[float, int, float]) -> None:
        self.times.setdefault(key, []).append(result[0])
        self.peaks.setdefault(key, []).append(result[1])
        self.cpu.setdefault(key, []).append(result[2])

    def median_cpu(self, key: tuple) -> float:
        return statistics.median(self.cpu[key])

    def median(self, key: tuple) -> float:
        return statistics.median(self.times[key])

    def peak(self, key: tuple) -> float:
        return max(self.peaks[key]) / 2**20


def fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def compile_bytecode() -> None:
    """Compile dockdeck, the benchmark scripts and every installed library to bytecode first.

    A real install runs from cached bytecode: pip compiles on install, and Python
    caches a module the first time it imports it. Where PYTHONDONTWRITEBYTECODE
    is set (it is on the machines this was written on), nothing is ever cached and
    every process would compile its imports anew; a build spent 0.2 s doing so."""
    folders = [REPO / "generator", HERE, Path(sysconfig.get_paths()["purelib"])]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *map(str, folders)], check=True,
                   stdout=subprocess.DEVNULL)


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or model
    return f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="card counts, comma-separated")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cards", type=Path, default=REPO / "cards", help="the real deck to time as well")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one, removed after)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    work = args.work or Path(tempfile.mkdtemp(prefix="dockdeck-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}", flush=True)
    compile_bytecode()
    for n in sizes:
        if not (work / f"cards-{n}" / "dockdeck.yaml").exists():
            print(f"generating {n} cards ...", flush=True)
            synthetic.write_deck(work / f"cards-{n}", n)
    runs = Runs()
    one_file_size = 10_000 if 10_000 in sizes else None
    for r in range(args.rounds):
        for n in sizes:
            cards = work / f"cards-{n}"
            # Every build starts from nothing: an empty output folder and an empty cache folder.
            variants = [("build", lambda: run(dockdeck(cards, fresh(work / "out"), "--lang", "en"),
                                              fresh(work / "cache"))),
                        ("serial", lambda: run(dockdeck(cards, fresh(work / "out"), "--lang", "en"),
                                               fresh(work / "cache"), jobs=1)),
                        ("A", lambda: run(floor(cards, fresh(work / "out"), n, False))),
                        ("B", lambda: run(floor(cards, fresh(work / "out"), n, True)))]
            # Rotate the order each round so no variant always runs first.
            for name, measure in variants[r % 4:] + variants[:r % 4]:
                runs.add((n, name), measure())
                if name == "build" and n == one_file_size:
                    # The build just filled out/: change one file of twenty, rebuild, put it back.
                    changed = cards / synthetic.file_names(n)[7]
                    original = changed.read_bytes()
                    changed.write_text(synthetic.topic_yaml(7, n, salt=f"round {r}"), encoding="utf-8")
                    try:
                        # The cache is the one the build just filled.
                        runs.add((n, "one-file"), run(dockdeck(cards, work / "out", "--lang", "en"), work / "cache"))
                    finally:
                        changed.write_bytes(original)
            print(f"round {r + 1}, {n} cards: " + ", ".join(
                f"{v} {runs.times[(n, v)][-1]:.2f}s" for v in ("build", "serial", "A", "B")), flush=True)
        if (args.cards / "dockdeck.yaml").exists():
            out, cache = fresh(work / "real"), fresh(work / "cache")
            runs.add(("real", "build"), run(dockdeck(args.cards, out), cache))
            runs.add(("real", "no-change"), run(dockdeck(args.cards, out), cache))
    report(runs, sizes, one_file_size)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


def report(runs: Runs, sizes: list[int], one_file_size: int | None) -> None:
    print()
    print(f"Machine: {machine()}; median of {len(next(iter(runs.times.values())))} interleaved runs, "
          "bytecode compiled beforehand.")
    print()
    print("| cards | notes | build s | A s | B s | build/A | build/B | peak MiB build / A / B | growth build "
          "| build CPU s | 1 core s | 1 core/B |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    previous = None
    for n in sizes:
        b, s, a, y = (runs.median((n, v)) for v in ("build", "serial", "A", "B"))
        growth = f"{b / runs.median((previous, 'build')):.1f}x" if previous else ""
        print(f"| {n:,} | {2 * n:,} | {b:.2f} | {a:.2f} | {y:.2f} | {b / a:.2f} | {b / y:.2f} | "
              f"{runs.peak((n, 'build')):.0f} / {runs.peak((n, 'A')):.0f} / {runs.peak((n, 'B')):.0f} | {growth} "
              f"| {runs.median_cpu((n, 'build')):.2f} | {s:.2f} | {s / y:.2f} |")
        previous = n
    print()
    print("| also timed | median s | peak MiB |")
    print("| --- | ---: | ---: |")
    rows = [(("real", "build"), "real deck, `dockdeck build` (both languages), empty output folder"),
            (("real", "no-change"), "real deck, rebuild with nothing changed")]
    if one_file_size:
        rows.append(((one_file_size, "one-file"), f"{one_file_size:,} cards, rebuild after 1 of "
                     f"{len(synthetic.file_names(one_file_size))} files changed"))
    for key, label in rows:
        if key in runs.times:
            extra = ""
            if key[1] == "one-file":
                extra = (f" ({runs.median(key) / runs.median((key[0], 'build')):.0%} of a full build, "
                         f"{runs.median(key) / runs.median((key[0], 'serial')):.0%} of a 1-core one)")
            print(f"| {label}{extra} | {runs.median(key):.3f} | {runs.peak(key):.0f} |")


if __name__ == "__main__":
    main()
