"""The floor a YAML-to-Anki build cannot go below: genanki writing the same notes.

    python benchmarks/floor.py CARDS_DIR OUT.apkg N          # floor A: data made in memory, no YAML
    python benchmarks/floor.py CARDS_DIR OUT.apkg N --yaml   # floor B: read the YAML files with libyaml first

Both write what ``dockdeck build --lang en`` writes for the synthetic deck: per
card a cloze note (three blanks, so three cards) and a recall note, with five
fields each, in one sub-deck per file. Fields are pre-rendered with plain string
formatting: no Markdown, no highlighting, no validation, no manifest.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

import genanki

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import synthetic  # noqa: E402

FIELDS = [{"name": n} for n in ("Text", "Context", "Extra", "Source", "Id")]
BASIC_FIELDS = [{"name": n} for n in ("Front", "Back", "Extra", "Source", "Id")]
CLOZE = genanki.Model(1_500_000_001, "floor cloze", fields=FIELDS, model_type=genanki.Model.CLOZE,
                      templates=[{"name": "Cloze", "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}<br>{{Extra}}"}])
BASIC = genanki.Model(1_500_000_002, "floor basic", fields=BASIC_FIELDS,
                      templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{Front}}<hr id=answer>{{Back}}"}])


def command_html(command: str, blanks: list[str]) -> tuple[str, str]:
    """The command with its blanks as clozes, and whole."""
    plain, cloze, n = [], [], 0
    for word in command.split(" "):
        span = f'<span class="tok">{html.escape(word)}</span>'
        plain.append(span)
        if word in blanks:
            n += 1
            span = f"{{{{c{n}::{span}}}}}"
        cloze.append(span)
    return (f'<pre class="cmd"><code>{" ".join(cloze)}</code></pre>',
            f'<pre class="cmd"><code>{" ".join(plain)}</code></pre>')


def extra_html(text: str) -> str:
    if not text:
        return ""
    intro, _, code = text.partition("```bash\n")
    code = html.escape(code.rstrip("`\n"))
    return f'<p>{html.escape(intro.strip())}</p><pre class="hl"><code>{code}</code></pre>'


def write(files: list[tuple[dict, list[dict]]], out: Path, lang: str = "en") -> None:
    root = genanki.Deck(1_600_000_000, "Bench", "Synthetic cards")
    decks = [root]
    due = 0
    for f, (topic, cards) in enumerate(files):
        deck = genanki.Deck(1_600_000_001 + f, "Bench::" + topic["deck"][lang])
        decks.append(deck)
        for card in cards:
            cloze, whole = command_html(card["command"], card["blanks"])
            meaning = f"<p>{html.escape(card['meaning'][lang])}</p>"
            extra = extra_html(card.get("extra", {}).get(lang, ""))
            source = f'<a href="{card["source"]}">{html.escape(card["source"])}</a>'
            for part, model, fields in (("cloze", CLOZE, [cloze, meaning]),
                                        ("recall", BASIC, ['<div class="dd-ask">Which command?</div>' + meaning,
                                                           whole])):
                key = f"{card['id']}/{part}"
                due += 1
                deck.add_note(genanki.Note(model=model, fields=fields + [extra, source, key], tags=topic["tags"],
                                           guid=genanki.guid_for("floor", lang, key), due=due))
    genanki.Package(decks).write_to_file(str(out))


def main() -> None:
    cards_dir, out, n = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    if "--yaml" in sys.argv[4:]:
        import yaml

        settings = yaml.load((cards_dir / "dockdeck.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        files = []
        for name in settings["files"]:
            tree = yaml.load((cards_dir / name).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
            files.append(({"deck": tree["deck"], "tags": tree["tags"]}, tree["cards"]))
    else:
        files = synthetic.deck_data(n)
    write(files, out)


if __name__ == "__main__":
    main()
