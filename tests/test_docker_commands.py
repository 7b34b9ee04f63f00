"""Every docker command the deck teaches is accepted by the real Docker CLI.

The `docker` client parses options and counts arguments before it contacts the daemon. Pointed
at a socket that does not exist, a well-formed command therefore ends with "Cannot connect to the
Docker daemon", while a malformed one stops earlier with a usage error ("unknown flag: --bogus",
"'docker network connect' requires 2 arguments", ...). No daemon is needed and nothing runs.

The cards are read with plain `yaml.safe_load`, independently of the generator package.
Taken from the deck:
- every card's `command:` field, in every topic file listed in cards/dockdeck.yaml;
- every `$(docker ...)` nested in one of those commands, on its own;
- every `docker ...` line of a shell code block in a card's texts;
- the complete commands written in other card texts that are listed in TEXT_COMMANDS below.
Commands of the `docker compose` plugin (it may not be installed) and commands that are not
`docker ...` are not run: they are listed in HAND_CHECKED, and a test keeps that list current.
"""

from __future__ import annotations

import os
import pty
import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
CARDS = REPO / "cards"
DOCKER = Path("/usr/local/bin/docker")
NO_DAEMON = "unix:///nonexistent/docker.sock"
TIMEOUT = 30

# What the client prints once it has parsed the command and tries the (missing) daemon:
# "Cannot connect to the Docker daemon at <host>" up to Docker 28, "failed to connect to the
# docker API at <host>" in later clients.
REACHED_DAEMON = ("Cannot connect to the Docker daemon at " + NO_DAEMON,
                  "failed to connect to the docker API at " + NO_DAEMON)
# What it prints instead when the command line itself is wrong.
USAGE_ERRORS = (
    "unknown flag",
    "unknown shorthand flag",
    "flag needs an argument",
    "invalid argument",
    "requires at least",
    "requires exactly",
    "requires 2 arguments",
    "accepts at most",
    "accepts no arguments",
    "is not a docker command",
    "unknown command",
    "conflicting options",
    "Usage:",
)

# A sample for every <placeholder>, chosen so the command stays well-formed.
SAMPLES = {
    "container": "web",
    "image": "alpine",
    "name": "web",
    "volume": "mydata",
    "volume-or-host-path": "mydata",
    "container-path": "/data",
    "host-port": "8080",
    "container-port": "80",
    "command": "ls",
    "signal": "SIGHUP",
    "user": "someone",
    "repository": "app",
    "tag": "1.0",
    "source": "alpine:3.20",
    "target": "someone/app:1.0",
    "dockerfile": "Dockerfile",
    "stage": "build",
    "executable": "sh",
    "value": "1",
}
# Files some commands read from the working directory before they contact the daemon
# (`docker build .`, `docker cp index.html ...`, `docker load -i myapp.tar`).
WORKDIR_FILES = {"Dockerfile": "FROM alpine\n", "index.html": "<h1>hi</h1>\n", "myapp.tar": ""}

# Complete commands written in card texts (fronts, backs, extras, clozes): card id -> commands.
# The test checks each is still in that card's text, so this list cannot silently go stale.
TEXT_COMMANDS = {
    "volume-readonly-v": ["docker run -v mydata:/data:ro nginx"],
    "mount-readonly-key": ["docker run --mount type=bind,src=.,dst=/app,readonly nginx"],
    "run-rm-which-volumes": ["docker run --rm -v /foo -v awesome:/bar busybox top"],
    "host-network-ignores-publish": ["docker run --network host -p 8080:80 nginx"],
    "cp-into-container-order": ["docker cp index.html web:/usr/share/nginx/html/"],
    "attach-vs-exec": ["docker attach <container>", "docker exec -it <container> sh"],
}

# Not run here; each was checked by hand against its reference page.
HAND_CHECKED = {
    # docs.docker.com/reference/cli/docker/compose/up/: -d, --detach
    ("compose-up-detached", "docker compose up -d"),
    # docs.docker.com/reference/cli/docker/compose/down/: no arguments needed
    ("compose-down", "docker compose down"),
    # docs.docker.com/reference/cli/docker/compose/down/: -v, --volumes
    ("compose-down-volumes", "docker compose down -v"),
}

# Well-formed commands whose client output does not end with REACHED_DAEMON:
# deck command -> (what the client must print instead, whether stdin is a terminal).
OTHER_OUTCOMES = {
    # `docker login` talks to the registry itself, not to the daemon; without a terminal on
    # stdin it refuses to prompt for the user name, after parsing the command line.
    "docker login": ("Cannot perform an interactive login from a non TTY device", False),
    # A destination ending in "/" must be an existing directory: the client asks the daemon,
    # gets no answer, and reports the directory as missing. Without the "/" it prints
    # REACHED_DAEMON, so the command line itself is fine.
    "docker cp index.html web:/usr/share/nginx/html/": ("no such directory", True),
}


def _topic_files() -> list[Path]:
    settings = yaml.safe_load((CARDS / "dockdeck.yaml").read_text(encoding="utf-8"))
    return [CARDS / name for name in settings["files"]]


def _cards() -> list[dict]:
    cards = []
    for path in _topic_files():
        cards += yaml.safe_load(path.read_text(encoding="utf-8"))["cards"]
    return cards


def _texts(card: dict) -> list[str]:
    found = []
    for key in ("front", "back", "extra", "cloze", "meaning"):
        value = card.get(key)
        values = [value] if isinstance(value, str) else list((value or {}).values())
        found += [v.replace("[[", "").replace("]]", "") for v in values]
    return found


def _nested(command: str) -> list[str]:
    return re.findall(r"\$\(([^()]*)\)", command)


def _deck_commands() -> list[tuple[str, str]]:
    """(test id, command) for every command the deck teaches, hand-checked ones included."""
    found = []
    for card in _cards():
        cid = card["id"]
        if "command" in card:
            found.append((cid, card["command"]))
            found += [(f"{cid}/nested", inner) for inner in _nested(card["command"])]
        texts = TEXT_COMMANDS.get(cid, []) + [c for c in _code_block_commands(card)
                                              if c not in TEXT_COMMANDS.get(cid, [])]
        found += [(f"{cid}/text" + (f"-{n}" if len(texts) > 1 else ""), command)
                  for n, command in enumerate(texts, 1)]
    return found


def _code_block_commands(card: dict) -> list[str]:
    """Every `docker ...` line of a shell code block in the card's texts: those are whole commands."""
    found = []
    for text in _texts(card):
        for block in re.findall(r"```(?:bash|sh|shell|console)\n(.*?)```", text, re.S):
            lines = (line.strip().removeprefix("$ ") for line in block.splitlines())
            found += [line.split(" #")[0].strip() for line in lines if line.startswith("docker ")]
    return list(dict.fromkeys(found))


def _hand_checked(command: str) -> bool:
    return command.startswith("docker compose") or not command.startswith("docker ")


def _runnable() -> list[tuple[str, str]]:
    return [(tid, command) for tid, command in _deck_commands() if not _hand_checked(command)]


def _argv(command: str) -> list[str]:
    """The command as argv: placeholders filled in, $(...) replaced by a sample container ID."""
    def sample(match: re.Match) -> str:
        name = match.group(1)
        if name not in SAMPLES:
            pytest.fail(f"no sample value for <{name}> in {command!r}: add one to SAMPLES")
        return SAMPLES[name]

    filled = re.sub(r"\$\([^()]*\)", SAMPLES["container"], command)
    filled = re.sub(r"<([^<>]+)>", sample, filled)
    argv = shlex.split(filled)  # quoted Go templates such as '{{.State.Status}}' stay one argument
    assert argv[0] == "docker", command
    return [str(DOCKER)] + argv[1:]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    if not (DOCKER.is_file() and os.access(DOCKER, os.X_OK)):
        pytest.fail(f"the Docker client {DOCKER} is missing: these tests need it (no daemon needed)")
    root = tmp_path_factory.mktemp("docker-cli")
    for name, content in WORKDIR_FILES.items():
        (root / name).write_text(content, encoding="utf-8")
    (root / "config").mkdir()
    return root


def _run(argv: list[str], cwd: Path, terminal: bool) -> str:
    """Run the client against a socket that does not exist; stdout and stderr together.

    stdin is a pseudo-terminal (so `-it` passes the client's TTY check), with "y" lines typed
    ahead for the confirmation prompt of `prune` commands; or, with terminal=False, empty.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCKER_")}
    env |= {"DOCKER_HOST": NO_DAEMON, "DOCKER_CONFIG": str(cwd / "config"), "DOCKER_CLI_HINTS": "false"}
    if not terminal:
        done = subprocess.run(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=TIMEOUT, start_new_session=True)
        return done.stdout.decode(errors="replace")
    master, slave = pty.openpty()
    try:
        os.write(master, b"y\ny\n")
        done = subprocess.run(argv, cwd=cwd, env=env, stdin=slave, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=TIMEOUT, start_new_session=True)
    finally:
        os.close(master)
        os.close(slave)
    return done.stdout.decode(errors="replace")


def _usage_errors(output: str) -> list[str]:
    return [marker for marker in USAGE_ERRORS if marker in output]


@pytest.mark.parametrize("command", [c for _, c in _runnable()], ids=[i for i, _ in _runnable()])
def test_the_docker_client_accepts_the_command(command, workdir):
    outcome, terminal = OTHER_OUTCOMES.get(command, (REACHED_DAEMON, True))
    expected = (outcome,) if isinstance(outcome, str) else outcome
    output = _run(_argv(command), workdir, terminal)
    assert not _usage_errors(output), f"{command!r} is not valid Docker CLI syntax:\n{output}"
    assert any(e in output for e in expected), (
        f"{command!r}: expected one of {expected} in the client's output, got:\n{output}")


@pytest.mark.parametrize("command", [
    "docker run --bogus alpine",                 # unknown flag
    "docker volume prune -z",                    # unknown shorthand flag
    "docker network connect my-net",             # requires 2 arguments
    "docker run --rm --restart always alpine",   # conflicting options
    "docker inspect",                            # requires at least 1 argument
    "docker stats --no-stream web extra --tail", # unknown flag after arguments
])
def test_a_malformed_command_is_caught(command, workdir):
    """The check can fail: these never get as far as the daemon."""
    output = _run(_argv(command), workdir, terminal=True)
    assert _usage_errors(output), output
    assert not any(reached in output for reached in REACHED_DAEMON), output


def test_the_hand_checked_commands_are_the_ones_left_out():
    """A new compose (or non-docker) command must be checked by hand and added to HAND_CHECKED."""
    left_out = {(tid, c) for tid, c in _deck_commands() if _hand_checked(c)}
    assert left_out == HAND_CHECKED, (
        f"not in HAND_CHECKED: {sorted(left_out - HAND_CHECKED)}; "
        f"no longer in the deck: {sorted(HAND_CHECKED - left_out)}")


def test_the_listed_text_commands_are_still_in_their_cards():
    cards = {card["id"]: card for card in _cards()}
    missing = [(cid, command) for cid, commands in TEXT_COMMANDS.items() for command in commands
               if cid not in cards or not any(command in text for text in _texts(cards[cid]))]
    assert not missing, f"update TEXT_COMMANDS; these are no longer in their cards: {missing}"
