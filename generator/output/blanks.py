"""Card numbers for blanks: a blank keeps its Anki card however blanks around it change.

Anki makes cloze card N from ``{{cN::...}}`` and keeps each card, with its reviews, under its number. If
numbers followed the order of the blanks, inserting `--decorate` before `--oneline` would give the card
the learner reviewed for `--oneline` to `--decorate`. So the note times record each blank's number: a
blank is known by its text (the k-th blank of one text by its place among them), keeps its number, a
new blank gets the next number never used by the note, and a removed blank's number stays taken (its
card is empty in Anki until the learner deletes it, and comes back to life if the blank returns).
"""

from __future__ import annotations

from .entries import Blanks, Entry


def number_blanks(texts: list[str], shipped: Entry | None) -> tuple[Blanks, Blanks]:
    """Each blank's text with its card number, in order, and the recorded blanks no longer among them.

    ``shipped`` is what the note times recorded of this note; without it (a new note, or note times
    from before blank numbers were recorded) the numbers follow the order, as earlier builds gave them."""
    if shipped is None or not shipped.kind:
        return tuple((text, number) for number, text in enumerate(texts, 1)), ()
    free: dict[str, list[int]] = {}
    for text, number in shipped.blanks + shipped.gone:
        free.setdefault(text, []).append(number)
    last = max((number for _, number in shipped.blanks + shipped.gone), default=0)
    blanks = []
    for text in texts:
        if free.get(text):
            blanks.append((text, free[text].pop(0)))
        else:
            last += 1
            blanks.append((text, last))
    gone = sorted(((text, number) for text, numbers in free.items() for number in numbers), key=lambda b: b[1])
    return tuple(blanks), tuple(gone)
