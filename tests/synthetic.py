"""Synthetic command cards for tests and the build benchmark, as YAML files and as plain data.

Card ``i`` is the same in both forms, so the floors can build exactly the notes
dockdeck builds: one cloze note with three blanks and one recall note per card,
bilingual texts, and a fenced code block in every tenth card's extra.
"""

from __future__ import annotations

import json
from pathlib import Path

CARDS_PER_FILE = 500
DECK_NAME = "bench"
SOURCE = "https://docs.docker.com/reference/cli/docker/container/run/"
BLANKS = ["--name", "-p", "<image>"]


def card(i: int) -> dict:
    port = 8000 + i % 1000
    data = {
        "id": f"cmd-{i:06d}",
        "command": f"docker run -d --name web{i} -p {port}:80 --restart unless-stopped <image>",
        "blanks": list(BLANKS),
        "meaning": {
            "ko": f"{i}번 웹 컨테이너를 `web{i}`라는 이름으로 백그라운드에서 실행하고 포트 {port}를 연결하기",
            "en": f"Run web container number {i} in the background as `web{i}` and publish port {port}",
        },
        "source": SOURCE,
    }
    if i % 10 == 0:
        data["extra"] = {
            "ko": f"예:\n\n```bash\ndocker run -d --name web{i} -p {port}:80 nginx\ndocker logs -f web{i}\n```\n",
            "en": f"For example:\n\n```bash\ndocker run -d --name web{i} -p {port}:80 nginx\n"
                  f"docker logs -f web{i}\n```\n",
        }
    return data


def topic(f: int) -> dict:
    return {"deck": {"ko": f"주제 {f:03d}", "en": f"Topic {f:03d}"}, "tags": ["bench", f"topic-{f:03d}"]}


def file_names(n: int) -> list[str]:
    return [f"topic-{f:03d}.yaml" for f in range((n + CARDS_PER_FILE - 1) // CARDS_PER_FILE)]


def cards_of_file(f: int, n: int) -> range:
    return range(f * CARDS_PER_FILE, min(n, (f + 1) * CARDS_PER_FILE))


def _q(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(text, ensure_ascii=False)


def card_yaml(data: dict) -> str:
    lines = [f"  - id: {data['id']}",
             f"    command: {_q(data['command'])}",
             f"    blanks: [{', '.join(_q(b) for b in data['blanks'])}]",
             "    meaning:"]
    lines += [f"      {lang}: {_q(text)}" for lang, text in data["meaning"].items()]
    if "extra" in data:
        lines.append("    extra:")
        for lang, text in data["extra"].items():
            lines.append(f"      {lang}: |")
            lines += [f"        {line}" if line else "" for line in text.rstrip("\n").split("\n")]
    lines.append(f"    source: {data['source']}")
    return "\n".join(lines) + "\n"


def topic_yaml(f: int, n: int, salt: str = "") -> str:
    t = topic(f)
    head = (f"deck: {{ko: {_q(t['deck']['ko'])}, en: {_q(t['deck']['en'])}}}\n"
            f"tags: [{', '.join(t['tags'])}]\ncards:\n")
    body = []
    for i in cards_of_file(f, n):
        data = card(i)
        if salt and i == cards_of_file(f, n)[0]:
            data["meaning"]["en"] += f" ({salt})"
        body.append(card_yaml(data))
    return head + "".join(body)


def write_deck(root: Path, n: int) -> Path:
    """A cards folder of ``n`` command cards, 500 a file; returns ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    names = file_names(n)
    (root / "dockdeck.yaml").write_text(
        f"name: {DECK_NAME}\nlanguages: [ko, en]\nroot_deck: {{ko: 벤치, en: Bench}}\n"
        f"description: {{ko: 합성 카드, en: Synthetic cards}}\nfiles:\n" + "".join(f"  - {m}\n" for m in names),
        encoding="utf-8")
    for f, name in enumerate(names):
        (root / name).write_text(topic_yaml(f, n), encoding="utf-8")
    return root


def deck_data(n: int) -> list[tuple[dict, list[dict]]]:
    """The same deck as plain data: (topic, cards) per file, what a YAML loader would return."""
    return [(topic(f), [card(i) for i in cards_of_file(f, n)]) for f in range(len(file_names(n)))]
