"""`dockdeck extract`: Markdown study notes in, draft cards out that check, build and render in real Anki."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import CLOZE_LEFTOVER, field_of, import_apkg, rendered_cards, visible_lines, visible_text

DATA = Path(__file__).resolve().parent / "data"
# A copy of ../shared/seed/docker-notes.ko.md, so a plain clone can run the tests.
SEED = DATA / "docker-notes.ko.md"
ENGLISH = DATA / "volumes-networks.en.md"
KOREAN = DATA / "compose-notes.ko.md"

SEED_COMMANDS = [
    "docker run 이미지 이름",
    "docker run 이미지 이름 ls",
    "docker ps --format 'table{{.Names}}\\table{{.Image}}'",
    "docker rm <아이디/이름>",
    "docker rm `docker ps -a -q`",
    "docker rmi <이미지 id>",
    "docker exec <컨테이너 아이디>",
    "docker exec -it <컨테이너 id> <컨테이터에 입력할 명령어>",
    "docker exec -it <컨테이너 id> sh, bash,등등",
    "docker create <이미지 이름>",
    "docker build ./",
    "docker build",
    "docker build -t <나의 도커 아이디>/<저장소/프로젝트 이름>:<version> .",
]
ENGLISH_COMMANDS = [
    "docker volume create app-data",
    "docker run -d --name db -v app-data:/var/lib/postgresql/data postgres:16",
    "docker volume inspect --format '{{ .Mountpoint }}' app-data",
    "docker volume prune",
    "docker volume ls",
    "docker volume rm <volume>",
    "docker network create backend",
    'docker run -d --network backend --name api "my-api:$(git rev-parse --short HEAD)"',
    "docker compose up -d",
]
KOREAN_COMMANDS = [
    "docker compose ps",
    "docker compose logs -f <서비스>",
    "docker compose up -d --build",
    "docker compose down -v",
    "docker compose restart <서비스 이름>",
    "TAG=1.2 docker compose up -d",
    "docker compose config",
]
NOTES = {"seed": (SEED, "ko", SEED_COMMANDS), "english": (ENGLISH, "en", ENGLISH_COMMANDS),
         "korean": (KOREAN, "ko", KOREAN_COMMANDS)}


def notes_file(name: str) -> Path:
    path = NOTES[name][0]
    # A missing seed must fail loudly: a skipped test here would hide a broken CI layout.
    assert path.is_file(), f"{path} is missing (CI copies shared/ beside the clone)"
    return path


def run_extract(runner, *args):
    from generator.cli import cli

    return runner.invoke(cli, ["extract", *map(str, args)], catch_exceptions=False)


def draft_of(runner, name: str, *args) -> tuple[str, dict]:
    result = run_extract(runner, notes_file(name), *args)
    assert result.exit_code == 0, result.output
    return result.stdout, yaml.safe_load(result.stdout)


def texts(value: dict | str, lang: str) -> str:
    assert isinstance(value, dict) and list(value) == [lang], value
    return value[lang]


def cards_folder(make_cards, draft_text: str) -> Path:
    return make_cards({"notes.yaml": draft_text})


def basic_cards(draft: dict, lang: str) -> dict[str, str]:
    """Front (without bold marks) -> back, for every basic card."""
    return {texts(c["front"], lang).strip("*"): texts(c["back"], lang) for c in draft["cards"] if "front" in c}


# -- what comes out -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(NOTES))
def test_every_command_in_the_notes_becomes_a_command_card_unchanged(name, runner):
    _, draft = draft_of(runner, name)
    assert [c["command"] for c in draft["cards"] if "command" in c] == NOTES[name][2]


def test_seed_definitions_of_from_run_cmd_stop_and_kill_become_basic_cards(runner):
    _, draft = draft_of(runner, "seed")
    basics = basic_cards(draft, "ko")
    assert "이미지 생성시 기반이 되는 이미지 레이어" in basics["FROM"]
    assert "ex) ubuntu:14.04" in basics["FROM"]
    assert "쉘 명령어" in basics["RUN"]
    assert "DockerFile내 1회만" in basics["CMD"]
    assert basics["Stop"].startswith("Stop은 그동한 하던 작업들을 완료하고")
    assert basics["Kill"].startswith("Kill은 Stop과 달리")


def test_english_notes_give_definitions_from_sentences_colons_bold_terms_nested_lists_tables_and_headings(runner):
    _, draft = draft_of(runner, "english")
    basics = basic_cards(draft, "en")
    assert basics["volume"].startswith("A volume is a directory managed by Docker")
    assert basics["Bind mount"].startswith("a host folder mounted into the container")
    assert basics["tmpfs mount"] == "- lives in the host's memory only\n- gone when the container stops"
    assert basics["bridge"].startswith("the default;") and basics["none"] == "no networking at all"
    assert "maps a host port to a container port" in basics["Port publishing"]
    assert basics["healthcheck"].startswith("A command Docker runs inside the container")


def test_korean_notes_give_definitions_from_colon_items_numbered_lists_and_bold_terms(runner):
    _, draft = draft_of(runner, "korean")
    basics = basic_cards(draft, "ko")
    assert basics["도커 컴포즈"].startswith("도커 컴포즈는 여러 컨테이너를")
    assert basics["서비스"] == "컴포즈 파일에서 하나의 컨테이너 설정 단위"
    assert "`KEY=값` 형식으로" in basics["`.env` 파일"]
    assert "준비 여부는 healthcheck 로 확인" in basics["depends_on"]


def test_command_meaning_comes_from_the_comment_above_then_prose_else_a_todo_naming_the_heading(runner):
    _, draft = draft_of(runner, "seed")
    meaning = {c["command"]: texts(c["meaning"], "ko") for c in draft["cards"] if "command" in c}
    assert meaning["docker rm <아이디/이름>"] == "컨테이너 삭제"
    assert meaning["docker ps --format 'table{{.Names}}\\table{{.Image}}'"] == "원하는 항목만 보기"
    assert meaning["docker run 이미지 이름 ls"] == \
        "TODO: what does this command do? (under the heading: 이미지 내부 파일 시스템 구조 보기)"


def test_comment_on_the_command_line_is_its_meaning_when_nothing_is_above(runner):
    _, draft = draft_of(runner, "korean")
    (card,) = [c for c in draft["cards"] if c.get("command") == "docker compose down -v"]
    assert texts(card["meaning"], "ko") == "볼륨까지 함께 삭제"


def test_dockerfile_and_build_output_go_into_the_build_card_not_into_commands(runner):
    _, draft = draft_of(runner, "seed")
    (card,) = [c for c in draft["cards"] if c.get("command") == "docker build ./"]
    extra = texts(card["extra"], "ko")
    assert "```dockerfile\n#베이스 이미지를 명시해준다.\nFROM alpine" in extra
    assert "Sending build context to Docker daemon  2.048kB" in extra
    assert not any("Sending" in c.get("command", "") or "FROM" in c.get("command", "") for c in draft["cards"])


def test_command_without_an_option_gets_its_action_as_blank_never_a_placeholder_alone(runner):
    _, draft = draft_of(runner, "english")
    blanks = {c["command"]: c.get("blanks") for c in draft["cards"] if "command" in c}
    assert blanks["docker volume ls"] == ["ls"]
    assert blanks["docker volume rm <volume>"] == ["rm"]


def test_headings_give_the_deck_and_the_tags(runner):
    _, draft = draft_of(runner, "english")
    assert draft["deck"] == {"en": "Docker volumes and networks"}
    (card,) = [c for c in draft["cards"] if c.get("command") == "docker volume ls"]
    assert card["tags"] == ["volumes", "handy-volume-commands"]


@pytest.mark.parametrize("name", sorted(NOTES))
def test_ids_are_unique_readable_slugs(name, runner):
    _, draft = draft_of(runner, name)
    ids = [c["id"] for c in draft["cards"]]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", i) for i in ids)


def test_ids_read_like_the_command_or_the_term(runner):
    _, draft = draft_of(runner, "seed")
    ids = {c["id"] for c in draft["cards"]}
    assert {"rm", "rmi", "from", "run", "cmd", "stop", "kill", "dokeo-imiji"} <= ids


# -- language -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(NOTES))
def test_language_is_detected_and_every_text_is_under_it_only(name, runner):
    _, draft = draft_of(runner, name)
    lang = NOTES[name][1]
    assert draft["deck"].keys() == {lang}
    for card in draft["cards"]:
        for key in ("front", "back", "meaning", "extra"):
            if key in card:
                assert list(card[key]) == [lang], card


def test_lang_option_overrides_the_detected_language(runner, run_cli, make_cards):
    text, draft = draft_of(runner, "seed", "--lang", "en")
    assert draft["deck"] == {"en": "docker notes"}
    result = run_cli("check", "--cards", cards_folder(make_cards, text), "--lang", "en")
    assert result.exit_code == 0, result.output


def test_check_of_all_languages_reports_each_missing_translation_at_path_and_line(runner, run_cli, make_cards):
    text, draft = draft_of(runner, "seed")
    result = run_cli("check", "--cards", cards_folder(make_cards, text))
    assert result.exit_code == 1
    missing = [line for line in result.stderr.splitlines() if "missing translation 'en'" in line]
    texts_count = 1 + sum(1 for c in draft["cards"] for key in ("front", "back", "meaning", "extra") if key in c)
    assert len(missing) == texts_count
    lines = text.splitlines()
    for report in missing:
        path, number, _ = report.split(":", 2)
        assert path.endswith("notes.yaml")
        assert lines[int(number) - 1].strip().startswith("ko:"), report


# -- check, build, Anki -------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(NOTES))
def test_draft_passes_check_for_its_language_without_edits(name, runner, run_cli, make_cards):
    text, _ = draft_of(runner, name)
    result = run_cli("check", "--cards", cards_folder(make_cards, text), "--lang", NOTES[name][1])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("name", sorted(NOTES))
def test_built_draft_renders_in_anki_with_no_empty_side_and_no_cloze_leftovers(name, runner, run_cli, make_cards,
                                                                               collection):
    text, draft = draft_of(runner, name)
    lang = NOTES[name][1]
    cards = cards_folder(make_cards, text)
    out = cards.parent / "dist"
    result = run_cli("build", "--cards", cards, "--out", out, "--lang", lang)
    assert result.exit_code == 0, result.output
    import_apkg(collection, out / f"docker-{lang}.apkg")
    rendered = rendered_cards(collection)
    commands = [c for c in draft["cards"] if "command" in c]
    assert len(collection.find_notes("")) == len(draft["cards"]) + len(commands)
    for card, question, answer in rendered:
        assert visible_lines(question), field_of(card, "Id")
        assert visible_lines(answer) != visible_lines(question), field_of(card, "Id")
        assert not CLOZE_LEFTOVER.search(question + answer), field_of(card, "Id")
        if card.note_type()["type"] == 1:  # a command cloze: one blank hidden, the whole command on the back
            assert "[...]" in visible_text(question)
            command = next(c["command"] for c in commands if field_of(card, "Id") == f"{c['id']}/cloze")
            assert command in visible_text(answer).split("\n")


# -- the file it writes -------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(NOTES))
def test_extract_twice_gives_identical_output(name, runner):
    first, _ = draft_of(runner, name)
    second, _ = draft_of(runner, name)
    assert first == second


def test_output_is_block_yaml_with_unicode_schema_line_and_where_it_came_from(runner):
    text, draft = draft_of(runner, "seed")
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=schema.json"
    assert any(line.startswith("#") and "docker-notes.ko.md" in line for line in lines[:5])
    assert "\\u" not in text and "컨테이너 삭제" in text
    assert not re.search(r"^\s*\w+: [{\[]", text, re.M)  # no flow-style mappings or lists


def test_card_keys_come_in_the_order_of_the_card_format(runner):
    from generator.sources.validate import CARD_KEYS

    _, draft = draft_of(runner, "seed")
    for card in draft["cards"]:
        keys = list(card)
        assert keys == sorted(keys, key=CARD_KEYS.index)


def test_out_file_is_written_and_never_overwritten_without_force(runner, tmp_path):
    out = tmp_path / "notes.yaml"
    first = run_extract(runner, notes_file("english"), "-o", out)
    assert first.exit_code == 0 and out.read_text(encoding="utf-8").startswith("# yaml-language-server")
    out.write_text("mine\n", encoding="utf-8")
    again = run_extract(runner, notes_file("english"), "-o", out)
    assert again.exit_code == 1 and "--force" in again.stderr
    assert out.read_text(encoding="utf-8") == "mine\n"
    forced = run_extract(runner, notes_file("english"), "-o", out, "--force")
    assert forced.exit_code == 0 and out.read_text(encoding="utf-8").startswith("# yaml-language-server")


def test_summary_on_stderr_counts_commands_definitions_and_skipped_passages(runner):
    result = run_extract(runner, notes_file("english"))
    _, draft = draft_of(runner, "english")
    commands = sum("command" in c for c in draft["cards"])
    definitions = sum("front" in c for c in draft["cards"])
    # The intro paragraph and the remote picture say nothing a card can hold.
    assert f"{commands} commands, {definitions} definitions, 2 passages skipped" in result.stderr
    assert "passages skipped" not in result.stdout


def test_markdown_that_makes_no_sense_is_skipped_not_fatal(runner, run_cli, make_cards, tmp_path):
    notes = tmp_path / "odd.md"
    notes.write_text("Just some thoughts.\n\n<div>raw html</div>\n\n```\nUNCLOSED fence with Capital words\n",
                     encoding="utf-8")
    result = run_extract(runner, notes)
    assert result.exit_code == 0
    assert "0 commands, 0 definitions, 3 passages skipped" in result.stderr
    check = run_cli("check", "--cards", cards_folder(make_cards, result.stdout), "--lang", "en")
    assert check.exit_code == 0, check.output


def test_notes_that_are_not_utf8_are_reported_at_their_line(runner, tmp_path):
    notes = tmp_path / "latin1.md"
    notes.write_bytes("# Notes\n\ncaf\xe9\n".encode("latin-1"))
    result = run_extract(runner, notes)
    assert result.exit_code == 1
    assert re.search(r"latin1\.md:3: not valid UTF-8", result.stderr)


@pytest.mark.parametrize("name", sorted(NOTES))
def test_draft_matches_the_editor_schema_of_a_deck_in_its_language(name, runner):
    import jsonschema

    from generator.sources.schema import build_schema

    _, draft = draft_of(runner, name)
    errors = list(jsonschema.Draft7Validator(build_schema((NOTES[name][1],))).iter_errors(draft))
    assert not errors, [e.message for e in errors]


def extract_text(runner, tmp_path: Path, markdown: str, *args) -> tuple[str, dict]:
    notes = tmp_path / "notes.md"
    notes.write_text(markdown, encoding="utf-8")
    result = run_extract(runner, notes, *args)
    assert result.exit_code == 0, result.output
    return result.stdout, yaml.safe_load(result.stdout)


def test_a_picture_in_the_notes_becomes_a_link_so_the_draft_still_builds(runner, run_cli, make_cards, tmp_path):
    text, draft = extract_text(runner, tmp_path, "## Lifecycle\n\nA container is a running image, as in "
                                                 "![the diagram](https://example.com/life.png).\n")
    (card,) = draft["cards"]
    assert texts(card["back"], "en").endswith("as in [the diagram](https://example.com/life.png).")
    result = run_cli("build", "--cards", cards_folder(make_cards, text), "--out", tmp_path / "dist", "--lang", "en")
    assert result.exit_code == 0, result.output


def test_a_quoted_script_over_several_lines_is_not_cut_into_commands(runner, tmp_path):
    _, draft = extract_text(runner, tmp_path, "```bash\n# run a script\ndocker run alpine sh -c '\n  echo one\n"
                                              "  echo two'\n# list\ndocker ps -a\n```\n")
    assert [c["command"] for c in draft["cards"]] == ["docker ps -a"]


def test_an_html_comment_is_skipped_not_read_as_an_explanation(runner, tmp_path):
    _, draft = extract_text(runner, tmp_path, "## Volumes\n\n<!-- TODO: expand -->\n\nA volume is data Docker keeps.\n")
    assert [texts(c["front"], "en") for c in draft["cards"]] == ["**volume**"]


def test_a_hash_inside_quotes_or_a_go_template_is_not_a_comment(runner, tmp_path):
    _, draft = extract_text(runner, tmp_path, "```sh\n$ docker run --rm alpine echo \"a # b\" {{.ID}}#x  # prints it\n"
                                              "a # b {{.ID}}#x\n```\n")
    (card,) = draft["cards"]
    assert card["command"] == 'docker run --rm alpine echo "a # b" {{.ID}}#x'
    assert texts(card["meaning"], "en") == "prints it"
    assert "a # b {{.ID}}#x" in texts(card["extra"], "en")  # its output


# -- what a draft must not claim (issue 23) ------------------------------------------------------

def test_the_draft_header_names_the_languages_of_the_deck_it_is_for(runner, make_cards, tmp_path):
    cards = make_cards({}, settings="name: spanish\nlanguages: [en, es]\nroot_deck: Spanish\nfiles: []\n")
    text, _ = extract_text(runner, tmp_path, "## Volumes\n\nA volume is data Docker keeps.\n", "--cards", cards)
    head = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    assert "add 'es:' next to each 'en:' text" in head
    assert "'ko:'" not in head


def test_without_a_deck_the_draft_header_asks_for_the_other_languages_in_general(runner, tmp_path):
    text, _ = extract_text(runner, tmp_path, "## Volumes\n\nA volume is data Docker keeps.\n",
                           "--cards", tmp_path / "no-deck")
    head = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    assert "add your deck's other languages next to each 'en:' text" in head
    assert "'ko:'" not in head


def test_extract_help_and_readme_say_to_write_the_draft_outside_cards_then_move_it(runner, run_cli, make_cards,
                                                                                   tmp_path):
    from conftest import REPO

    from generator.cli import cli

    help_text = " ".join(runner.invoke(cli, ["extract", "--help"]).output.split())
    assert "-o cards/" not in help_text
    assert "dockdeck extract notes.md -o notes.yaml # write it; review it, then move it into cards/ and list it" \
        in help_text
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert "write it outside `cards/`" in readme and "then move it into `cards/` and list it in `files`" in readme
    # Why: a draft written into cards/ and not listed stops check.
    cards = make_cards({"a.yaml": "deck: A\ncards: []\n"})
    assert run_extract(runner, notes_file("english"), "-o", cards / "notes.yaml").exit_code == 0
    assert run_cli("check", "--cards", cards).exit_code == 1


def test_a_heredoc_body_is_not_a_command(runner, tmp_path):
    _, draft = extract_text(runner, tmp_path, "```bash\n# write a file\ncat <<EOF > x.txt\nhello\nEOF\n"
                                              "# list it\nls -l x.txt\n```\n")
    assert [c["command"] for c in draft["cards"]] == ["ls -l x.txt"]


def test_a_tip_or_note_label_is_not_a_term_to_define(runner, tmp_path):
    _, draft = extract_text(runner, tmp_path, "## Running\n\nTip: use `--rm` to remove the container when it "
                                              "exits.\n\nNote: a stopped container keeps its files.\n\n"
                                              "**Warning**\n\n- pruning removes data\n")
    assert [texts(c["front"], "en") for c in draft["cards"] if "front" in c] == []


def test_a_heading_is_not_a_commands_meaning_but_a_todo_that_check_lists(runner, run_cli, make_cards, tmp_path):
    text, draft = extract_text(runner, tmp_path, "## Handy volume commands\n\n```bash\ndocker volume ls\n```\n")
    (card,) = draft["cards"]
    meaning = texts(card["meaning"], "en")
    assert meaning.startswith("TODO") and "Handy volume commands" in meaning
    result = run_cli("check", "--cards", cards_folder(make_cards, text), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert re.search(rf"notes\.yaml:\d+: {card['id']}: meaning \(en\) still starts with TODO", result.stderr)


def test_two_drafted_commands_with_one_meaning_are_marked_to_tell_apart(runner, run_cli, make_cards, tmp_path):
    text, draft = extract_text(runner, tmp_path, "## Stash\n\nSave and restore work in progress, then:\n\n"
                                                 "```bash\ngit stash push -m <message>\ngit stash pop\n```\n")
    meanings = {c["command"]: texts(c["meaning"], "en") for c in draft["cards"] if "command" in c}
    assert meanings == {
        "git stash push -m <message>": "TODO: tell it apart from `git stash pop`: Save and restore work in "
                                       "progress, then",
        "git stash pop": "TODO: tell it apart from `git stash push -m <message>`: Save and restore work in "
                         "progress, then",
    }
    result = run_cli("check", "--cards", cards_folder(make_cards, text), "--lang", "en")
    assert len(re.findall(r"meaning \(en\) still starts with TODO", result.stderr)) == 2


def test_a_paragraph_that_leads_into_a_code_block_does_not_define_the_heading_above(runner, tmp_path):
    _, draft = extract_text(runner, tmp_path, "# Git\n\n## Stash\n\nSave your work in progress:\n\n"
                                              "```bash\ngit stash\n```\n")
    assert [(c.get("command"), texts(c["meaning"], "en")) for c in draft["cards"]] == [
        ("git stash", "Save your work in progress")]


# -- a command's meaning is what the notes say it does (newcomer trial 2 and 6) ---------------------

def test_a_comment_does_not_jump_past_an_unprompted_line_to_the_next_prompted_command(runner, tmp_path):
    _, draft = extract_text(runner, tmp_path, "## Log\n\n```sh\n# show the graph of all branches\n"
                                              "git log --oneline --graph --all\n$ git status -s\n```\n")
    meanings = {c["command"]: texts(c["meaning"], "en") for c in draft["cards"]}
    assert meanings["git log --oneline --graph --all"] == "show the graph of all branches"
    assert "show the graph" not in meanings["git status -s"]


def test_an_unprompted_line_before_the_first_prompt_that_reads_like_a_command_is_a_command(runner, tmp_path):
    _, draft = extract_text(runner, tmp_path, "```sh\n# show the graph of all branches\n"
                                              "git log --oneline --graph --all\n$ git status -s\n```\n")
    assert [c["command"] for c in draft["cards"]] == ["git log --oneline --graph --all", "git status -s"]


def test_text_before_the_first_command_of_a_block_is_skipped_with_its_comment_and_counted(runner, tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text("```sh\n# what follows is a sketch\nSome Words Here\n$ git status -s\n```\n", encoding="utf-8")
    result = run_extract(runner, notes)
    (card,) = yaml.safe_load(result.stdout)["cards"]
    assert "sketch" not in texts(card["meaning"], "en")
    assert "1 command, 0 definitions, 1 passage skipped" in result.stderr


@pytest.mark.parametrize("block", [
    "# write a file\ncat <<EOF > x.txt\nhello\nEOF\n# list it\nls -l x.txt\n",
    "# run a script\ndocker run alpine sh -c '\n  echo one\n  echo two'\n# list\ndocker ps -a\n",
], ids=["heredoc", "quoted-script"])
def test_a_command_left_out_of_the_draft_is_counted_as_skipped(runner, tmp_path, block):
    notes = tmp_path / "notes.md"
    notes.write_text(f"```bash\n{block}```\n", encoding="utf-8")
    result = run_extract(runner, notes)
    assert "1 command, 0 definitions, 1 passage skipped" in result.stderr


def test_an_aside_above_a_block_is_not_the_meaning_of_its_command(runner, tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text("## Undo\n\nTip: commit early.\n\n```sh\ngit reset --hard HEAD~1\n```\n", encoding="utf-8")
    result = run_extract(runner, notes)
    (card,) = yaml.safe_load(result.stdout)["cards"]
    meaning = texts(card["meaning"], "en")
    assert "commit early" not in meaning and meaning.startswith("TODO"), meaning
    assert "1 passage skipped" in result.stderr  # the aside, which no card holds


@pytest.mark.parametrize("comment", ["# Note: this cannot be undone\n", "# **Warning:** this cannot be undone\n",
                                     "# 주의: 되돌릴 수 없다\n"])
def test_an_aside_comment_goes_into_the_extra_not_the_meaning(runner, tmp_path, comment):
    _, draft = extract_text(runner, tmp_path, f"## Undo\n\n```sh\n{comment}git reset --hard HEAD~1  # drop the last "
                                              "commit and its changes\n```\n", "--lang", "en")
    (card,) = draft["cards"]
    assert texts(card["meaning"], "en") == "drop the last commit and its changes"
    assert "undone" in texts(card["extra"], "en") or "되돌릴" in texts(card["extra"], "en")


# -- the draft's schema line points at a schema that is there (newcomer trial 14) --------------------

def test_a_draft_written_beside_no_schema_points_at_its_deck_s_schema(runner, make_cards, tmp_path):
    cards = make_cards({"a.yaml": "deck: {ko: 가, en: A}\ncards: []\n"})
    (cards / "schema.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    out = tmp_path / "drafts" / "notes.yaml"
    assert run_extract(runner, notes_file("english"), "-o", out, "--cards", cards).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../cards/schema.json"
    assert (out.parent / "../cards/schema.json").is_file()
    assert any("$schema=schema.json" in line for line in lines[1:8])  # what it reads once moved into the deck


def test_a_draft_for_no_deck_written_beside_no_schema_has_no_schema_line(runner, tmp_path):
    out = tmp_path / "notes.yaml"
    assert run_extract(runner, notes_file("english"), "-o", out, "--cards", tmp_path / "none").exit_code == 0
    first = out.read_text(encoding="utf-8").splitlines()[0]
    assert not first.startswith("# yaml-language-server"), first


def test_a_draft_written_into_the_cards_folder_keeps_the_schema_beside_it(runner, make_cards):
    cards = make_cards({"a.yaml": "deck: {ko: 가, en: A}\ncards: []\n"})
    (cards / "schema.json").write_text("{}\n", encoding="utf-8")
    assert run_extract(runner, notes_file("english"), "-o", cards / "notes.yaml", "--cards", cards).exit_code == 0
    assert (cards / "notes.yaml").read_text(encoding="utf-8").splitlines()[0] == \
        "# yaml-language-server: $schema=schema.json"
