"""The ``dockdeck`` command line: wires the parts together and alone prints and exits.

Every part reports what is wrong with the input by raising ``ProblemsError``; the
command group below prints those problems in one place and exits 1.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import json
import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from click.core import ParameterSource

from . import __version__
from .ankiconnect import DEFAULT_URL, KEY_ENV
from .environment import os_problem, working_directory_problem
from .problems import Problem, ProblemsError, WrongUsage
from .report import note_lines, plural, problem_lines, record_of, reset_line, summary_lines
from .sources.format import DEFAULT_BLANKS

if TYPE_CHECKING:
    from .pipeline import Output

# Only what every command needs is imported up front: a rebuild that the build record
# answers is mostly interpreter start-up. Each command imports its parts when it runs.

LANG_HELP = "Language to build (repeat for several); default: every language in dockdeck.yaml."


class _Dockdeck(click.Group):
    """Prints the problems any command raises, and turns Ctrl-C into one line and exit code 130."""

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        try:  # --help and --version print while the arguments are read
            return super().make_context(info_name, args, parent, **extra)
        except OSError as err:
            stream = _printing_to(err)
            if stream is None:
                raise
            _output_lost(err, stream)

    def invoke(self, ctx: click.Context) -> Any:
        # One process may run several commands (tests do): a Ctrl-C names only this one's files.
        ctx.meta[_WRITTEN_BEFORE] = len(_committed())
        gone = working_directory_problem()
        if gone is not None:
            self._problems(ctx, [gone])
        try:
            return super().invoke(ctx)
        except WrongUsage as err:
            raise click.BadParameter("; ".join(p.message for p in err.problems), param_hint=repr(err.option)) from None
        except ProblemsError as err:
            self._problems(ctx, err.problems, err.written)
        except KeyboardInterrupt:
            self._interrupted(ctx)
        except (RuntimeError, OSError) as err:
            # Ctrl-C while a module is still being imported reaches us wrapped ("Error calling __set_name__"),
            # and one that lands in the clean-up of a temporary folder as the clean-up's own error.
            if _after_ctrl_c(err):
                self._interrupted(ctx)
            if not isinstance(err, OSError):
                raise
            stream = _printing_to(err)
            if stream is not None:
                _output_lost(err, stream)
            problem = os_problem(err)  # a folder that may not be entered, and the like
            if problem is None:
                raise
            self._problems(ctx, [problem])

    @staticmethod
    def _problems(ctx: click.Context, problems: list[Problem], written: str = "") -> None:
        for line in problem_lines(problems, written, writes=ctx.invoked_subcommand not in _READ_ONLY):
            click.echo(line, err=True)
        ctx.exit(1)

    @staticmethod
    def _interrupted(ctx: click.Context) -> None:
        # Files are replaced all at once, Ctrl-C waiting meanwhile: either none was, or these all were.
        written = _committed()[ctx.meta.get(_WRITTEN_BEFORE, 0):]
        if written:
            click.echo(f"interrupted after writing {', '.join(map(str, written))}: "
                       f"{'they are' if len(written) > 1 else 'it is'} complete and new; nothing else was changed.",
                       err=True)
        else:
            click.echo("interrupted: no file was changed.", err=True)
        ctx.exit(130)


_WRITTEN_BEFORE = "dockdeck.written_before"
# The commands that never write a file: their problems need no "nothing was written".
_READ_ONLY = {"check", "stats", "verify"}


def _committed() -> list[Path]:
    """Every file this process has put in place (none if it has not loaded the module that writes them)."""
    writer = sys.modules.get("generator.atomic_write")
    return writer.committed() if writer is not None else []


def _output_lost(err: OSError, stream: Any) -> NoReturn:
    """Printing failed (``> /dev/full``; a pipe closed by its reader, which wants no more): say so on
    stderr if that is not what failed, and exit 1."""
    if stream is not sys.stderr and err.errno != errno.EPIPE:
        with contextlib.suppress(OSError):
            click.echo(str(Problem("standard output", 0, f"cannot be written: {err.strerror or err}",
                                   "what was printed is incomplete; every file the command writes was "
                                   "written before it printed")), err=True)
    # The interpreter flushes standard output once more as it ends: let that go nowhere, quietly.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    raise click.exceptions.Exit(1)


def _printing_to(err: OSError) -> Any:
    """The stream that ``err`` was raised writing to, if it came from printing (every command prints with
    ``click.echo``); else None."""
    frame = err.__traceback__
    while frame is not None:
        if frame.tb_frame.f_code is click.utils.echo.__code__:
            return frame.tb_frame.f_locals.get("file") or sys.stdout
        frame = frame.tb_next
    return None


def _after_ctrl_c(err: BaseException) -> bool:
    """Whether ``err`` was raised while handling a Ctrl-C."""
    seen = err.__cause__ or err.__context__
    while seen is not None:
        if isinstance(seen, KeyboardInterrupt):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _cards_default(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    """``cards`` in the working directory; or the working directory itself when the deck's settings are here."""
    if value is not None:
        return value
    here = Path(".")
    return here if (here / "dockdeck.yaml").is_file() and not (here / "cards" / "dockdeck.yaml").is_file() \
        else Path("cards")


def _settings(ctx: click.Context) -> Any:
    """The deck's settings for shell completion, from --cards if given so far; None if unreadable."""
    from .sources.read import load_settings

    settings, _ = load_settings(Path(ctx.params.get("cards_dir") or "cards"))
    return settings


def _complete_langs(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    settings = _settings(ctx)
    return [lang for lang in settings.languages if lang.startswith(incomplete)] if settings else []


def _complete_topics(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    settings = _settings(ctx)
    return [name for name in settings.files if name.startswith(incomplete)] if settings else []


_cards_option = click.option(
    "--cards", "cards_dir", callback=_cards_default, type=click.Path(path_type=Path),
    help="Folder with dockdeck.yaml and topic files.  [default: cards, or . when dockdeck.yaml is here]")
_out_option = click.option(
    "--out", "-o", "out_dir", type=click.Path(path_type=Path),
    help="Folder the decks are written to.  [default: dist, beside the cards folder]")


def _default_out(cards_dir: Path, out_dir: Path | None) -> Path:
    """``dist`` beside the cards folder, whatever the working directory."""
    if out_dir is not None:
        return out_dir
    # "." and ".." have no parent to write beside: take the folder's real one.
    beside = cards_dir.resolve().parent if cards_dir.name in ("", ".", "..") else cards_dir.parent
    return beside / "dist"


def _project(cards_dir: Path, out_dir: Path | None) -> list[Path]:
    """Where a command on this deck may write (``project.py``): the cards folder, and the output folder
    as the user named it, or ``dist`` beside the cards taken literally (a link there is not followed)."""
    from .project import default_folder, named_folder

    out = named_folder(out_dir) if out_dir is not None else default_folder(_default_out(cards_dir, None))
    return [named_folder(cards_dir), out]


def _put_in_place(inputs: dict[Path, str], output: Output, cards_dir: Path, out_dir: Path, langs: tuple[str, ...],
                  within: list[Path]) -> None:
    """Write what a build made, and record it, so that a rebuild with nothing changed
    is answered from the record (``cache.py``): ``build`` and ``push`` write alike."""
    from . import cache
    from .atomic_write import write_atomically

    write_atomically(output.files, within)
    cache.remember(cards_dir, out_dir, langs or None, inputs, output.files,
                   [record_of(report) for report in output.reports])


NO_TOPICS = "the deck lists no topic files yet: start one with `dockdeck new TOPIC`."
_langs_option = click.option("--lang", "langs", multiple=True, metavar="LANG", help=LANG_HELP,
                             shell_complete=_complete_langs)


@click.group(cls=_Dockdeck, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dockdeck")
def cli() -> None:
    """Compile YAML card definitions into Anki decks that update in place.

    \b
    Example:
      dockdeck init my-deck     # start a deck of your own
      dockdeck check            # validate cards/ without writing anything
      dockdeck build            # write dist/<name>-<language>.apkg for each language
    """


@cli.command()
@_cards_option
@_out_option
@_langs_option
@click.option("--check", "check_only", is_flag=True,
              help="Write nothing; exit 1 if the output folder is not what a build would write.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("-v", "--verbose", is_flag=True, help="Also list every note written, with whether it changed.")
@click.option("--reset-clock", is_flag=True,
              help="Give the notes whose recorded time is ahead of now this build's time; keep every other time.")
def build(cards_dir: Path, out_dir: Path | None, langs: tuple[str, ...], check_only: bool, quiet: bool = False,
          verbose: bool = False, reset_clock: bool = False) -> None:
    """Build one .apkg per language into the output folder.

    \b
    Example:
      dockdeck build                    # every language, into dist/
      dockdeck build --lang en --out /tmp/decks
      dockdeck build --check            # in CI: fail if dist/ is stale
    """
    from . import cache
    from .atomic_write import deck_lock

    if check_only and reset_clock:
        raise click.UsageError("--check writes nothing, so it cannot reset the clock: pass one of them")
    within = _project(cards_dir, out_dir)
    out_dir = _default_out(cards_dir, out_dir)
    reset = None
    with deck_lock(cards_dir):
        reused = None if check_only or reset_clock else cache.reuse(cards_dir, out_dir, langs or None)
        if reused is not None:
            reports = reused
        else:
            from .atomic_write import stale_files
            from .pipeline import build_deck, package_deck

            deck = build_deck(cards_dir, langs or None)
            if not deck.deck.topics:
                click.echo(f"nothing to build: {NO_TOPICS}")
                return
            output = package_deck(deck, out_dir, reset=reset_clock)
            reports, reset = output.reports, output.reset
            if check_only:
                stale = stale_files(output.files)
                if stale:
                    raise ProblemsError([Problem(str(path), 1, f"out of date with {cards_dir}/",
                                                 "run `dockdeck build` and commit the result") for path in stale])
                if not quiet:
                    click.echo(f"{out_dir}/ is up to date.")
                return
            _put_in_place(deck.inputs, output, cards_dir, out_dir, langs, within)
    if quiet:
        return
    for report in reports:
        for warning in report.warnings:
            click.echo(warning, err=True)
    if reset is not None:
        click.echo(reset_line(reset.notes, reset.latest))
    for line in summary_lines(reports, "wrote"):
        click.echo(line)
    if verbose:
        for line in note_lines(reports):
            click.echo(line)


@cli.command()
@_cards_option
@_langs_option
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too: cards that give their answer away, "
              "texts that still start with TODO.")
def check(cards_dir: Path, langs: tuple[str, ...], strict: bool) -> None:
    """Validate the cards without writing anything; warn of cards that answer themselves and of texts left as TODO.

    \b
    Example:
      dockdeck check
      dockdeck check --lang ko          # only Korean texts are required
      dockdeck check --strict           # in CI: warnings fail too
    """
    from .pipeline import build_deck
    from .sources.deck_warnings import settings_warnings
    from .sources.giveaways import find_giveaways
    from .sources.todos import find_unfinished

    deck = build_deck(cards_dir, langs or None).deck
    if not deck.topics:
        click.echo(f"no problems, and no cards: {NO_TOPICS}")
        return
    warnings = settings_warnings(deck.settings, deck.langs) + sorted(
        [*deck.warnings, *find_giveaways(deck), *find_unfinished(deck)], key=lambda p: (p.path, p.line))
    if warnings and strict:
        raise ProblemsError(warnings)
    for warning in warnings:
        click.echo(str(warning), err=True)
    found = f"; {plural(len(warnings), 'warning')} (--strict fails on them)" if warnings else ""
    click.echo(f"{plural(len(deck.cards), 'card')} in {plural(len(deck.topics), 'file')}: no problems{found}.")


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
    from .atomic_write import stale_files, write_atomically
    from .project import named_folder
    from .sources.schema import schema_for, schema_path

    path = schema_path(cards_dir)
    files = {path: schema_for(cards_dir).encode("utf-8")}
    if check_only:
        if stale_files(files):
            given = click.get_current_context().get_parameter_source("cards_dir") == ParameterSource.COMMANDLINE
            again = "dockdeck schema" + (f" --cards {shlex.quote(str(cards_dir))}" if given else "")
            raise ProblemsError([Problem(str(path), 1, "out of date", f"run `{again}`")])
        click.echo(f"{path} is up to date.")
        return
    write_atomically(files, [named_folder(cards_dir)])
    click.echo(f"wrote {path}")


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--name", help="The deck's name: a short lowercase word; default: from FOLDER's name.")
@click.option("--lang", "langs", multiple=True, metavar="LANG",
              help="A language of the deck (repeat for several, in order); default: en.")
def init(folder: Path, name: str | None, langs: tuple[str, ...]) -> None:
    """Start a deck of your own in FOLDER: settings, a first topic file with an example of each kind of card.

    \b
    Example:
      dockdeck init spanish --lang en --lang es
      cd spanish && dockdeck build      # writes dist/spanish-en.apkg and dist/spanish-es.apkg
    """
    from .authoring.scaffold import init_deck
    from .sources.format import LANG_RE, NAME_RE

    if name is not None and not NAME_RE.fullmatch(name):
        raise click.BadParameter(f"{name!r}: a deck name is a short lowercase word (a-z, 0-9, '-' and '_'), "
                                 "e.g. --name spanish", param_hint="--name")
    for lang in langs:
        if not LANG_RE.fullmatch(lang):
            raise click.BadParameter(f"{lang!r} is not a language code: two or three lowercase letters, e.g. en, ko",
                                     param_hint="--lang")
    from .atomic_write import deck_lock

    cards_dir = folder / "cards"
    # Two inits into one folder: one deck, and the other is refused. The lock needs the folder to exist;
    # where it cannot be made, writing the deck says why.
    with contextlib.suppress(OSError):
        cards_dir.mkdir(parents=True, exist_ok=True)
    with deck_lock(cards_dir):
        written = init_deck(folder, name, langs)
    for path in written.files:
        click.echo(f"wrote {path}")
    if written.untranslated:
        click.echo(f"the {', '.join(written.untranslated)} texts are copies of the English examples, marked TODO: "
                   "`dockdeck check` lists them")
    click.echo(f"next: cd {shlex.quote(str(folder))} && dockdeck build")


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
    from .authoring.scaffold import TOPIC_NAME_RE, new_topic

    if not TOPIC_NAME_RE.fullmatch(topic.removesuffix(".yaml")):
        raise click.BadParameter(f"{topic!r}: a topic name is a lowercase word (a-z, 0-9, '-' and '_'), "
                                 "e.g. dockdeck new networks", param_hint="TOPIC")
    from .atomic_write import deck_lock

    with deck_lock(cards_dir):  # it reads dockdeck.yaml and writes it back: one command at a time
        written = new_topic(cards_dir, topic)
    for path in written.files:
        click.echo(f"wrote {path}")


@cli.command()
@_cards_option
@click.argument("file", shell_complete=_complete_topics)
@click.option("--command", "command", required=True, help="The command, one line, exactly as typed.")
@click.option("--meaning-en", help="What the command does, in English.")
@click.option("--meaning-ko", help="What the command does, in Korean.")
@click.option("--meaning", "meanings", type=(str, str), multiple=True, metavar="LANG TEXT",
              help="What the command does, in another language of the deck (repeatable).")
@click.option("--blanks", "blanks", multiple=True, metavar="PART",
              help=f"A part of the command to hide (repeatable, in order); default: {DEFAULT_BLANKS}.")
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
        --meaning-ko "실행 중인 컨테이너 안에서 셸 열기" --blanks=exec --blanks=-it
    """
    if not command.strip():
        raise click.BadParameter("the command is empty: write it as typed, e.g. --command \"docker ps -a\"",
                                 param_hint="--command")
    meaning = {"ko": meaning_ko, "en": meaning_en, **dict(meanings)}
    given = {lang: text for lang, text in meaning.items() if text}
    if not given:
        raise click.UsageError("give the command's meaning, e.g. --meaning-en \"...\" --meaning-ko \"...\"")
    from .atomic_write import deck_lock
    from .authoring.scaffold import add_command

    with deck_lock(cards_dir):  # it reads the topic file and writes it back: one command at a time
        written = add_command(cards_dir, file, command, given, blanks, source, card_id)
    click.echo(f"added {written.card_id} to {written.files[0]}")


@cli.command()
@click.option("--cards", "cards_dir", default="cards", show_default=True,
              type=click.Path(path_type=Path),
              help="Folder of the deck the draft is for: no drafted id is one its cards already use.")
@click.argument("notes", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_file", type=click.Path(path_type=Path),
              help="Topic file to write; default: standard output.")
@click.option("--lang", metavar="LANG", help="Language code of the notes (ko, en, ...); default: detected (Hangul: ko).")
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
def extract(cards_dir: Path, notes: Path, out_file: Path | None, lang: str | None, force: bool) -> None:
    """Turn Markdown study notes into draft cards to curate.

    \b
    Example:
      dockdeck extract notes.md                 # print the draft
      dockdeck extract notes.md -o notes.yaml   # write it; review it, then move it into cards/ and list it

    \b
    Write the draft outside cards/: a file there that dockdeck.yaml does not
    list stops check and build, so that no topic is silently left out.
    """
    from .sources.format import LANG_RE
    from .sources.read import cards_folder_problem

    if lang is not None and not LANG_RE.fullmatch(lang):
        raise click.BadParameter(f"{lang!r} is not a language code such as ko or en", param_hint="--lang")
    if out_file is not None and out_file.is_dir():
        raise ProblemsError([Problem(str(out_file), 1, "is a folder, not a file to write the draft to",
                                     "name the file, e.g. -o notes.yaml")])
    not_a_folder = cards_folder_problem(cards_dir)
    if not_a_folder:
        raise ProblemsError([not_a_folder])
    if out_file is not None and out_file.exists() and not force:
        raise ProblemsError([Problem(str(out_file), 1, "exists", "pass --force to overwrite it")])
    from .atomic_write import write_atomically
    from .authoring.scaffold import existing_ids
    from .extract.draft import draft_to_yaml, keep_valid
    from .extract.output_file import overwrite_problem, schema_ref
    from .extract.rules import MAX_NOTES_BYTES, extract_notes
    from .project import named_folder
    from .safe_read import TooBig, Unreadable, read_limited
    from .sources.load import decode
    from .sources.read import load_settings

    try:
        raw = read_limited(notes, MAX_NOTES_BYTES)
    except Unreadable as err:
        hint = "split the notes into several files and extract each" if isinstance(err, TooBig) else ""
        raise ProblemsError([Problem(str(notes), 1, str(err), hint)]) from None
    text, problem = decode(raw, str(notes))
    if problem:
        raise ProblemsError([problem])
    overwrite = overwrite_problem(out_file, notes, cards_dir) if out_file is not None else None
    if overwrite:
        raise ProblemsError([overwrite])
    taken = frozenset(existing_ids(cards_dir)) if cards_dir.is_dir() else frozenset()
    checked = keep_valid(extract_notes(text, notes.name, lang, taken), notes.name)
    draft = checked.draft
    settings = load_settings(cards_dir)[0] if (cards_dir / "dockdeck.yaml").is_file() else None
    output = draft_to_yaml(checked, notes.name, settings.languages if settings else None,
                           schema_ref(out_file, cards_dir))
    if out_file is None:
        click.echo(output, nl=False)
    else:
        write_atomically({out_file: output.encode("utf-8")}, [named_folder(out_file.parent)])
        click.echo(f"wrote {out_file}", err=True)
    click.echo(f"{draft.summary()} ({draft.lang})", err=True)
    if checked.left_out:
        click.echo(f"{plural(checked.left_out, 'more drafted card')} left out: a topic file holds at most 5,000 cards and "
                   "1 MiB; split the notes and extract each part", err=True)


@cli.command()
@_cards_option
@_out_option
@_langs_option
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as JSON, for scripts.")
def stats(cards_dir: Path, out_dir: Path | None, langs: tuple[str, ...], as_json: bool) -> None:
    """Notes and cards per deck, tag and language; cards added, changed, removed and moved since the last build.

    Writes nothing: the notes are compared with the note times the last build kept beside the cards,
    and the decks in the output folder with what a build would write there (as build --check does).

    \b
    Example:
      dockdeck stats
      dockdeck stats --out /tmp/decks   # is /tmp/decks up to date?
      dockdeck stats --json | jq '.langs[0].since_last_build'
    """
    from .pipeline import build_deck
    from .stats import deck_stats, format_stats

    result = deck_stats(build_deck(cards_dir, langs or None), _default_out(cards_dir, out_dir))
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(format_stats(result), nl=False)


@cli.command()
@_cards_option
@_out_option
@_langs_option
@click.option("--url", default=DEFAULT_URL, show_default=True, metavar="URL",
              help="AnkiConnect's address (its config's webBindAddress and webBindPort); nothing else is contacted.")
@click.option("--api-key", envvar=KEY_ENV, metavar="KEY",
              help=f"The apiKey of AnkiConnect's config, if it sets one; or set {KEY_ENV}.")
@click.option("--delete-removed", is_flag=True,
              help="Delete the notes of cards removed from the cards (this deck and language only), with their reviews.")
@click.option("--sync", is_flag=True, help="Ask Anki to sync with AnkiWeb afterwards, for your phone.")
def push(cards_dir: Path, out_dir: Path | None, langs: tuple[str, ...], url: str, api_key: str | None,
         delete_removed: bool, sync: bool) -> None:
    """Build, then import each language's deck into the running Anki through AnkiConnect.

    Needs Anki open on this computer with the AnkiConnect add-on (Tools → Add-ons →
    Get Add-ons…, code 2055492159). Prints what Anki did, read back from the collection:
    notes added, updated, unchanged or kept as Anki has them, cards moved to their sub-deck,
    and the notes of removed cards.

    \b
    Example:
      dockdeck push                     # every language, into the profile open in Anki
      dockdeck push --lang en --sync    # then sync, for your phone
      dockdeck push --delete-removed    # also delete the notes of removed cards
    """
    from .ankiconnect.client import AnkiConnect, url_problem

    why = url_problem(url)
    if why:
        raise click.BadParameter(why, param_hint="--url")
    from .ankiconnect.push import push as push_to_anki
    from .atomic_write import deck_lock
    from .pipeline import build_deck, package_deck

    within = _project(cards_dir, out_dir)
    out_dir = _default_out(cards_dir, out_dir)
    # Held to the end: the files Anki imports are the ones this build wrote.
    with deck_lock(cards_dir):
        deck = build_deck(cards_dir, langs or None)
        if not deck.deck.topics:
            click.echo(f"nothing to push: {NO_TOPICS}")
            return
        output = package_deck(deck, out_dir)
        _put_in_place(deck.inputs, output, cards_dir, out_dir, langs, within)
        for report in output.reports:
            for warning in report.warnings:
                click.echo(warning, err=True)
        for line in summary_lines(output.reports, "wrote", moves=False):
            click.echo(line)
        try:
            push_to_anki(deck, output.reports, AnkiConnect(url, api_key or None), delete_removed, sync, say=click.echo)
        except KeyboardInterrupt:
            click.echo("interrupted: the deck files are written, and Anki keeps what it was given so far; "
                       "`dockdeck push` again finishes the job.", err=True)
            click.get_current_context().exit(130)


@cli.command()
@_cards_option
@click.option("--lang", metavar="LANG", help="Language to preview; default: the first one in dockdeck.yaml.",
              shell_complete=_complete_langs)
@click.option("-o", "--out", "out_file", type=click.Path(path_type=Path),
              help="Page to write; default: preview-<lang>.html in dist, beside the cards folder.")
@click.option("--open", "open_page", is_flag=True, help="Open the page in the web browser afterwards.")
@click.option("--engine", type=click.Choice(["browser", "webkit"]), default="browser", show_default=True,
              help="webkit: also lay every card out in WebKitGTK, AnkiMobile's engine, list what it breaks, "
                   "and --open the page in a WebKit window.")
def preview(cards_dir: Path, lang: str | None, out_file: Path | None, open_page: bool, engine: str) -> None:
    """Write one HTML page showing every card, front and back, as Anki renders it on a phone.

    Needs the `anki` package: `uv sync --extra preview` in a checkout of dockdeck, else install
    `dockdeck[preview]` (`uv tool install 'dockdeck[preview]'` or `pip install 'dockdeck[preview]'`).
    Problems found while rendering are listed on stderr and at the top of the page (exit code 1).
    `--engine webkit` needs WebKitGTK for the system python3 (on Debian and Ubuntu: `apt-get install
    gir1.2-webkit2-4.1 python3-gi-cairo xvfb`).

    \b
    Example:
      dockdeck preview --open           # dist/preview-ko.html, opened in the browser
      dockdeck preview --lang en --out /tmp/cards.html
      dockdeck preview --engine webkit --open   # as an iPhone lays cards out
    """
    from .atomic_write import write_atomically
    from .pipeline import build_deck
    from .preview.collection import anki_missing
    from .project import named_folder

    missing = anki_missing()
    if missing:
        raise ProblemsError([Problem("dockdeck preview", 0, missing)])
    from .preview.run import preview as run_preview
    from .preview.webkit import WebKitError, WebKitPhone, webkit_missing

    no_webkit = webkit_missing() if engine == "webkit" else None
    if no_webkit:
        raise ProblemsError([Problem("dockdeck preview --engine webkit", 0, no_webkit)])
    deck = build_deck(cards_dir, (lang,) if lang else None, first_language=True)
    (chosen,) = deck.langs
    if engine == "webkit":
        try:
            with WebKitPhone() as webkit:
                result = run_preview(deck, chosen, webkit)
        except WebKitError as err:
            raise ProblemsError([Problem("dockdeck preview --engine webkit", 0, str(err))]) from None
    else:
        result = run_preview(deck, chosen)
    out = out_file or _default_out(cards_dir, None) / f"preview-{chosen}.html"
    within = [named_folder(out.parent)] if out_file else _project(cards_dir, None)
    write_atomically({out: result.html.encode("utf-8")}, within)
    if open_page:  # even with problems: they are listed at the top of the page
        from .preview.run import open_in_browser
        from .preview.webkit import open_in_webkit

        if engine == "webkit":
            why, opener = open_in_webkit(out), "WebKit window"
        else:
            why, opener = open_in_browser(out.resolve()), "web browser"
        if why:
            raise ProblemsError([Problem(str(out), 0, f"no {opener} opened it ({why})", "open it yourself")],
                                written=f"wrote {out}")
    if result.problems:
        raise ProblemsError(result.problems, written=f"wrote {out}, which lists them at the top")
    click.echo(f"wrote {out}: {plural(result.cards, 'card')}")


@cli.command()
@_cards_option
@click.option("--only", "only", multiple=True, metavar="ID", help="Verify only the card with this id (repeatable).")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Cards to verify at once (only if their scripts cannot disturb each other).")
@click.option("-v", "--verbose", is_flag=True, help="Also list every card verified, with its time.")
def verify(cards_dir: Path, only: tuple[str, ...], jobs: int, verbose: bool) -> None:
    """Run the cards' verify scripts, each showing that what its card teaches holds.

    Each script runs with `sh -eu` in an empty temporary folder, between the deck's verify setup
    and teardown (dockdeck.yaml), within its time limit. This is the only command that runs
    anything from the cards folder: read a deck's scripts before you verify a deck you did not write.

    \b
    Example:
      dockdeck verify                   # every card's script
      dockdeck verify --only stop-container --only rm-force -v
    """
    from .sources.read import read_deck
    from .verify.plan import make_plan, unknown_ids
    from .verify.report import failure_lines, passed_line, skipped_line, summary_line
    from .verify.run import Outcome, run_plan

    deck = read_deck(cards_dir)
    unknown = unknown_ids(deck, only)
    if unknown:
        raise click.BadParameter("no card has the id " + ", ".join(unknown), param_hint="--only")
    plan = make_plan(deck, cards_dir, only)

    def heard(outcome: Outcome) -> None:
        if not outcome.passed:
            for line in failure_lines(outcome, plan.timeout):
                click.echo(line, err=True)
        elif verbose:
            click.echo(passed_line(outcome))

    outcomes = run_plan(plan, jobs, heard)
    for skipped in plan.skipped:
        click.echo(skipped_line(skipped))
    click.echo(summary_line(plan, outcomes))
    if not all(outcome.passed for outcome in outcomes):
        click.get_current_context().exit(1)


def main() -> None:
    """The ``dockdeck`` console script."""
    # A command is one short process that keeps nearly every object it makes until it ends: the
    # cyclic collector would walk them all again and again for almost no garbage (the peak memory
    # of a 100,000-card build is the same without it), and the process's end frees everything.
    gc.disable()
    cli()
