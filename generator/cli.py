"""The ``dockdeck`` command line: wires the stages together, holds no logic of its own."""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path

import click

from . import __version__
# Only what `build` needs is imported up front: a rebuild the cache answers is
# mostly interpreter start-up. The other commands import their modules when run.
from .build import BuildResult, build as run_build, check as run_check
from .cache import save as save_cache
from .output import stale_files, write_atomically
from .problems import Problem
from .report import note_lines, plural, problem_lines, summary_lines
from .progress import BuildProgress

LANG_HELP = "Language to build (repeat for several); default: every language in dockdeck.yaml."


def _report_problems(problems: list[Problem]) -> None:
    for line in problem_lines(problems):
        click.echo(line, err=True)


def _summary(result: BuildResult, verb: str) -> None:
    for line in summary_lines(result, verb):
        click.echo(line)


_cards_option = click.option(
    "--cards", "cards_dir", default="cards", show_default=True,
    type=click.Path(file_okay=False, path_type=Path), help="Folder with dockdeck.yaml and topic files.")
_langs_option = click.option("--lang", "langs", multiple=True, metavar="LANG", help=LANG_HELP)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dockdeck")
def cli() -> None:
    """Compile YAML card definitions into Anki decks that update in place.

    \b
    Example:
      dockdeck check            # validate cards/ without writing anything
      dockdeck build            # write dist/docker-ko.apkg and dist/docker-en.apkg
    """


@cli.command()
@_cards_option
@click.option("--out", "out_dir", default="dist", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder the decks are written to.")
@_langs_option
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 if the output folder is not what a build would write.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("-v", "--verbose", is_flag=True, help="Also list every note written, with whether it changed.")
def build(cards_dir: Path, out_dir: Path, langs: tuple[str, ...], check_only: bool, quiet: bool = False,
          verbose: bool = False) -> None:
    """Build one .apkg per language into the output folder.

    \b
    Example:
      dockdeck build                    # every language, into dist/
      dockdeck build --lang en --out /tmp/decks
      dockdeck build --check            # in CI: fail if dist/ is stale
    """
    stderr = sys.stderr
    with BuildProgress(stderr, enabled=not quiet and stderr.isatty()) as progress:
        result = run_build(cards_dir, out_dir, langs or None, progress=progress, use_cache=not check_only)
    if result.problems:
        _report_problems(result.problems)
        sys.exit(1)
    if check_only:
        stale = stale_files(result.files)
        if stale:
            for path in stale:
                click.echo(f"{path}: out of date with {cards_dir}/", err=True)
            click.echo("Run `uv run dockdeck build` and commit the result.", err=True)
            sys.exit(1)
        if not quiet:
            click.echo(f"{out_dir}/ is up to date.")
        return
    error = write_atomically(result.files)
    if error:
        click.echo(f"error: {error}; the previous decks are untouched.", err=True)
        sys.exit(1)
    save_cache(result.cache)
    if quiet:
        return
    _summary(result, "wrote")
    if verbose:
        for line in note_lines(result):
            click.echo(line)


@cli.command()
@_cards_option
@_langs_option
def check(cards_dir: Path, langs: tuple[str, ...]) -> None:
    """Validate the cards without writing anything.

    \b
    Example:
      dockdeck check
      dockdeck check --lang ko          # only Korean texts are required
    """
    deck, problems = run_check(cards_dir, langs or None)
    if problems:
        _report_problems(problems)
        sys.exit(1)
    assert deck is not None
    click.echo(f"{plural(len(deck.cards), 'card')} in {plural(len(deck.topics), 'file')}: no problems.")


@cli.command()
@_cards_option
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 if schema.json is out of date.")
def schema(cards_dir: Path, check_only: bool) -> None:
    """Write schema.json into the cards folder: editors use it to check card files as you type.

    \b
    Every card file starts with this line, which points editors with the YAML
    language server (VS Code's YAML extension, Neovim, Helix, ...) at it:
      # yaml-language-server: $schema=schema.json
    Run this again after changing the deck's languages.

    \b
    Example:
      dockdeck schema                   # writes cards/schema.json
      dockdeck schema --check           # in CI: fail if it is stale
    """
    from .schema import schema_for, schema_path

    text, problems = schema_for(cards_dir)
    if text is None:
        _report_problems(problems)
        sys.exit(1)
    files = {schema_path(cards_dir): text.encode("utf-8")}
    if check_only:
        if stale_files(files):
            click.echo(f"{schema_path(cards_dir)}: out of date; run `uv run dockdeck schema`.", err=True)
            sys.exit(1)
        click.echo(f"{schema_path(cards_dir)} is up to date.")
        return
    error = write_atomically(files)
    if error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    click.echo(f"wrote {schema_path(cards_dir)}")


@cli.command()
@_cards_option
@click.argument("topic")
def new(cards_dir: Path, topic: str) -> None:
    """Start a topic file, TOPIC.yaml, with a commented example of each kind of card.

    The file is listed last in dockdeck.yaml's files (its comments and layout
    stay as they are), so its cards come after every existing card.

    \b
    Example:
      dockdeck new networks             # writes cards/networks.yaml
    """
    from .scaffold import new_topic

    written, problems = new_topic(cards_dir, topic)
    if written is None:
        _report_problems(problems)
        sys.exit(1)
    for path in written.files:
        click.echo(f"wrote {path}")


@cli.command()
@_cards_option
@click.argument("file")
@click.option("--command", "command", required=True, help="The command, one line, exactly as typed.")
@click.option("--meaning-en", help="What the command does, in English.")
@click.option("--meaning-ko", help="What the command does, in Korean.")
@click.option("--meaning", "meanings", type=(str, str), multiple=True, metavar="LANG TEXT",
              help="What the command does, in another language of the deck (repeatable).")
@click.option("--blanks", "blanks", multiple=True, metavar="PART",
              help="A part of the command to hide (repeatable, in order); default: every option and <placeholder>.")
@click.option("--source", help="The documentation page (http or https URL) the card rests on.")
@click.option("--id", "card_id", help="The card's id; default: made from the command, unique across all files.")
def add(cards_dir: Path, file: str, command: str, meaning_en: str | None, meaning_ko: str | None,
        meanings: tuple[tuple[str, str], ...], blanks: tuple[str, ...], source: str | None,
        card_id: str | None) -> None:
    """Append a command card to the topic file FILE, leaving the rest of the file as it is.

    \b
    Example:
      dockdeck add containers.yaml --command "docker exec -it <container> sh" \\
        --meaning-en "Open a shell in a running container" \\
        --meaning-ko "실행 중인 컨테이너 안에서 셸 열기" --blanks=-it --blanks="<container>"
    """
    meaning = {"ko": meaning_ko, "en": meaning_en, **dict(meanings)}
    meaning = {lang: text for lang, text in meaning.items() if text}
    if not meaning:
        raise click.UsageError("give the command's meaning, e.g. --meaning-en \"...\" --meaning-ko \"...\"")
    from .scaffold import add_command

    written, problems = add_command(cards_dir, file, command, meaning, blanks, source, card_id)
    if written is None:
        _report_problems(problems)
        sys.exit(1)
    click.echo(f"added {written.card_id} to {written.files[0]}")


@cli.command()
@click.argument("notes", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Topic file to write; default: standard output.")
@click.option("--lang", metavar="LANG", help="Language code of the notes (ko, en, ...); default: detected (Hangul: ko).")
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
def extract(notes: Path, out_file: Path | None, lang: str | None, force: bool) -> None:
    """Turn Markdown study notes into draft cards to curate.

    \b
    Example:
      dockdeck extract notes.md                         # print the draft
      dockdeck extract notes.md -o cards/notes.yaml     # then list it in dockdeck.yaml
    """
    from .format import LANG_RE

    if lang is not None and not LANG_RE.fullmatch(lang):
        raise click.BadParameter(f"{lang!r} is not a language code such as ko or en", param_hint="--lang")
    if out_file is not None and out_file.exists() and not force:
        click.echo(f"error: {out_file} exists; pass --force to overwrite it.", err=True)
        sys.exit(1)
    from .draft_yaml import draft_to_yaml, keep_valid
    from .extract import extract_notes
    from .load import decode

    try:
        raw = notes.read_bytes()
    except OSError as err:
        click.echo(f"{notes}:1: cannot read file: {err.strerror or err}", err=True)
        sys.exit(1)
    text, problem = decode(raw, str(notes))
    if problem:
        click.echo(str(problem), err=True)
        sys.exit(1)
    draft = keep_valid(extract_notes(text, notes.name, lang))
    output = draft_to_yaml(draft, notes.name)
    if out_file is None:
        click.echo(output, nl=False)
    else:
        error = write_atomically({out_file: output.encode("utf-8")})
        if error:
            click.echo(f"error: {error}", err=True)
            sys.exit(1)
        click.echo(f"wrote {out_file}", err=True)
    click.echo(f"{draft.summary()} ({draft.lang})", err=True)


@cli.command()
@_cards_option
@click.option("--out", "out_dir", default="dist", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder of the last build (its manifest).")
@_langs_option
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as JSON, for scripts.")
def stats(cards_dir: Path, out_dir: Path, langs: tuple[str, ...], as_json: bool) -> None:
    """Notes and cards per deck, tag and language; cards added, changed and removed since the last build.

    Writes nothing: the next build is made in memory and compared with the
    manifest of the last one.

    \b
    Example:
      dockdeck stats
      dockdeck stats --json | jq '.langs[0].since_last_build'
    """
    from .stats import deck_stats, format_stats

    result, problems = deck_stats(cards_dir, out_dir, langs or None)
    if result is None:
        _report_problems(problems)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_stats(result), nl=False)


@cli.command()
@_cards_option
@click.option("--lang", metavar="LANG", help="Language to preview; default: the first one in dockdeck.yaml.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Page to write; default: dist/preview-<lang>.html.")
@click.option("--open", "open_page", is_flag=True, help="Open the page in the web browser afterwards.")
def preview(cards_dir: Path, lang: str | None, out_file: Path | None, open_page: bool) -> None:
    """Write one HTML page showing every card, front and back, as Anki renders it on a phone.

    Needs the `anki` package: `uv sync --extra preview` or `pip install 'dockdeck[preview]'`.
    Problems found while rendering are listed on stderr and at the top of the page (exit code 1).

    \b
    Example:
      dockdeck preview --open           # dist/preview-ko.html, opened in the browser
      dockdeck preview --lang en --out /tmp/cards.html
    """
    from .anki_render import anki_missing
    from .preview import default_lang, preview as run_preview

    missing = anki_missing()
    if missing:
        click.echo(f"error: {missing}", err=True)
        sys.exit(1)
    if lang is None:
        lang, problems = default_lang(cards_dir)
        if lang is None:
            _report_problems(problems)
            sys.exit(1)
    result = run_preview(cards_dir, lang)
    if result.html is None:
        _report_problems(result.source_problems)
        sys.exit(1)
    out = out_file or Path("dist") / f"preview-{lang}.html"
    error = write_atomically({out: result.html.encode("utf-8")})
    if error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    for problem in result.problems:
        click.echo(str(problem), err=True)
    found = f"; {plural(len(result.problems), 'problem')} listed at the top" if result.problems else ""
    click.echo(f"wrote {out}: {result.cards} cards{found}")
    if open_page:
        click.launch(str(out.resolve()))
    if result.problems:
        sys.exit(1)


def main() -> None:
    """The ``dockdeck`` command itself: ``cli``, then a quick exit."""
    try:
        cli()
    finally:
        # The process ends here. Frozen objects are left out of the interpreter's
        # collections at shutdown, which would otherwise walk every note a build
        # made only to free them anyway: 25 ms of a 0.55 s rebuild at 10,000 cards.
        gc.freeze()
