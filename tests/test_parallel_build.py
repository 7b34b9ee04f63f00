"""Topic files built in worker processes give exactly what building them one after another gives."""

from __future__ import annotations

import pytest

from conftest import built_bytes
import generator.topics
import generator.workers
from generator.build import build
from generator.cores import JOBS_ENV

PICTURE = "<svg xmlns='http://www.w3.org/2000/svg'/>"


def topic(n: int, count: int = 40) -> str:
    lines = [f"deck: {{ko: 주제 {n}, en: Topic {n}}}", "tags: [bench]", "cards:"]
    for i in range(count):
        lines += [f"  - id: run-{n}-{i}", f"    command: docker run -it --name n{i} <image>",
                  f"    meaning: {{ko: 실행 {i}, en: 'Run number {i}'}}"]
        if i % 10 == 0:
            lines += ["    extra: |", "      ```bash", f"      docker logs -f n{i}", "      ```",
                      "", "      ![picture](media/pic.svg)"]
    return "\n".join(lines) + "\n"


@pytest.fixture
def many_files(make_cards, monkeypatch):
    # Small files, so the tests stay quick: let them go to workers all the same.
    monkeypatch.setattr(generator.workers, "MIN_PARALLEL_BYTES", 0)
    return make_cards({**{f"t{n}.yaml": topic(n) for n in range(5)}, "media/pic.svg": PICTURE})


def test_files_built_by_workers_give_the_bytes_of_files_built_one_by_one(many_files, tmp_path, monkeypatch):
    parallel = build(many_files, tmp_path / "a", use_cache=False)
    monkeypatch.setenv(JOBS_ENV, "1")
    serial = build(many_files, tmp_path / "b", use_cache=False)
    assert not parallel.problems
    assert built_bytes(parallel) == built_bytes(serial)


def test_problems_found_by_workers_are_the_problems_found_one_by_one(many_files, tmp_path, monkeypatch):
    (many_files / "t1.yaml").write_text(topic(1).replace("run-1-3", "run-0-3"), encoding="utf-8")
    (many_files / "t3.yaml").write_text(topic(3).replace("meaning:", "meening:", 1), encoding="utf-8")
    (many_files / "t4.yaml").write_text(topic(4).replace("media/pic.svg", "media/gone.svg"), encoding="utf-8")
    parallel = build(many_files, tmp_path / "a", use_cache=False)
    monkeypatch.setenv(JOBS_ENV, "1")
    serial = build(many_files, tmp_path / "b", use_cache=False)
    assert [str(p) for p in parallel.problems] == [str(p) for p in serial.problems]
    assert any("id 'run-0-3' is already used at" in str(p) for p in parallel.problems)


def test_a_rebuild_from_what_workers_cached_gives_the_bytes_of_a_clean_build(many_files, tmp_path):
    out = tmp_path / "out"
    first = build(many_files, out)
    assert not first.problems
    for path, data in first.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (many_files / "t2.yaml").write_text(topic(2).replace("Run number", "Start number"), encoding="utf-8")
    assert built_bytes(build(many_files, out)) == built_bytes(build(many_files, out, use_cache=False))


def test_a_rebuild_builds_the_changed_file_in_a_worker_while_it_reads_the_kept_ones(many_files, tmp_path,
                                                                                     monkeypatch):
    # Too little YAML to share out among workers, but kept entries to read meanwhile: one worker.
    monkeypatch.setenv(JOBS_ENV, "2")  # as on a machine with two cores or more
    monkeypatch.setattr(generator.workers, "MIN_PARALLEL_BYTES", 1 << 30)
    monkeypatch.setattr(generator.workers, "MIN_KEPT_BYTES", 0)
    monkeypatch.setattr(generator.workers, "MIN_ALONGSIDE_BYTES", 0)
    out = tmp_path / "out"
    for path, data in build(many_files, out).files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (many_files / "t2.yaml").write_text(topic(2).replace("Run number", "Start number"), encoding="utf-8")
    started, real = [], generator.workers._processes
    monkeypatch.setattr(generator.workers, "_processes",
                        lambda cards_dir, names, alongside: started.append((names, real(cards_dir, names, alongside)))
                        or started[-1][1])
    built_here = []
    real_build = generator.topics.build_file
    monkeypatch.setattr(generator.topics, "build_file", lambda *a: built_here.append(a[1]) or real_build(*a))
    rebuilt = build(many_files, out)
    assert started == [(["t2.yaml"], 1)]
    assert built_here == []  # the worker's build was used, not made again here
    assert built_bytes(rebuilt) == built_bytes(build(many_files, out, use_cache=False))
