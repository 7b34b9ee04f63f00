"""A small table of Docker CLI subcommands and their options, to catch typos in the deck's commands.

Taken from the Docker CLI reference (docs.docker.com/reference/cli/docker/). Only what a
beginner's deck uses is listed; a command using anything else fails the test and gets
checked by a person, then added here.
"""

from __future__ import annotations

from generator.sources.command import tokenize

# option -> takes a value?
_RUN = {
    "-d": False, "--detach": False, "-i": False, "--interactive": False, "-t": False, "--tty": False,
    "-p": True, "--publish": True, "-P": False, "--publish-all": False, "--name": True, "--rm": False,
    "-e": True, "--env": True, "--env-file": True, "-v": True, "--volume": True, "--mount": True,
    "-w": True, "--workdir": True, "-u": True, "--user": True, "--network": True, "--entrypoint": True,
    "--restart": True, "--stop-timeout": True, "--stop-signal": True, "-h": True, "--hostname": True,
    "-l": True, "--label": True, "--platform": True, "--pull": True, "--init": False, "--read-only": False,
    "-m": True, "--memory": True, "--cpus": True, "-a": True, "--attach": True,
}
OPTIONS: dict[str, dict[str, bool]] = {
    "run": _RUN,
    "create": {k: v for k, v in _RUN.items() if k not in ("-d", "--detach", "--rm")} | {"--rm": False},
    "ps": {"-a": False, "--all": False, "-q": False, "--quiet": False, "-s": False, "--size": False,
           "-f": True, "--filter": True, "--format": True, "-n": True, "--last": True, "-l": False,
           "--latest": False, "--no-trunc": False},
    "stop": {"-t": True, "--timeout": True, "-s": True, "--signal": True},
    "restart": {"-t": True, "--timeout": True, "-s": True, "--signal": True},
    "kill": {"-s": True, "--signal": True},
    "rm": {"-f": False, "--force": False, "-v": False, "--volumes": False, "-l": False, "--link": False},
    "rmi": {"-f": False, "--force": False, "--no-prune": False, "--platform": True},
    "exec": {"-d": False, "--detach": False, "-e": True, "--env": True, "--env-file": True, "-i": False,
             "--interactive": False, "-t": False, "--tty": False, "-u": True, "--user": True, "-w": True,
             "--workdir": True, "--privileged": False, "--detach-keys": True},
    "start": {"-a": False, "--attach": False, "-i": False, "--interactive": False, "--detach-keys": True},
    "pause": {},
    "unpause": {},
    "logs": {"-f": False, "--follow": False, "--since": True, "--until": True, "-n": True, "--tail": True,
             "-t": False, "--timestamps": False, "--details": False},
    "inspect": {"-f": True, "--format": True, "-s": False, "--size": False, "--type": True},
    "pull": {"-a": False, "--all-tags": False, "--platform": True, "-q": False, "--quiet": False},
    "push": {"-a": False, "--all-tags": False, "--platform": True, "-q": False, "--quiet": False},
    "images": {"-a": False, "--all": False, "-q": False, "--quiet": False, "-f": True, "--filter": True,
               "--format": True, "--digests": False, "--no-trunc": False, "--tree": False},
    "tag": {},
    "history": {"-H": False, "--human": False, "--no-trunc": False, "-q": False, "--quiet": False,
                "--format": True, "--platform": True},
    "build": {"-t": True, "--tag": True, "-f": True, "--file": True, "--no-cache": False, "--pull": False,
              "--target": True, "--build-arg": True, "--platform": True, "--progress": True, "-q": False,
              "--quiet": False, "--load": False, "--push": False, "--label": True, "-o": True, "--output": True,
              "--secret": True, "--ssh": True, "--cache-from": True, "--cache-to": True, "--network": True},
    "login": {"-u": True, "--username": True, "-p": True, "--password": True, "--password-stdin": False},
    "logout": {},
    "version": {"-f": True, "--format": True},
    "info": {"-f": True, "--format": True},
    "container prune": {"-f": False, "--force": False, "--filter": True},
    "image prune": {"-a": False, "--all": False, "-f": False, "--force": False, "--filter": True},
    "system prune": {"-a": False, "--all": False, "-f": False, "--force": False, "--filter": True,
                     "--volumes": False},
}
# Management-command spellings of the same subcommands.
ALIASES = {
    "container run": "run", "container create": "create", "container ls": "ps", "container ps": "ps",
    "container list": "ps", "container stop": "stop", "container restart": "restart", "container kill": "kill",
    "container rm": "rm", "container exec": "exec", "container start": "start", "container pause": "pause",
    "container unpause": "unpause", "container logs": "logs", "container inspect": "inspect",
    "image pull": "pull", "image push": "push", "image ls": "images", "image list": "images",
    "image rm": "rmi", "image tag": "tag", "image history": "history", "image build": "build",
    "buildx build": "build", "image inspect": "inspect",
}
GROUPS = {"container", "image", "system", "buildx"}


def check_command(command: str, complete: bool = True) -> list[str]:
    """Problems with one `docker ...` command line; nested $(docker ...) commands are checked too.

    ``complete=False`` is for a command named in prose (`docker build`): its options
    are checked, but not that its required arguments are there.
    """
    problems: list[str] = []
    tokens = [t.text for t in tokenize(command)]
    for token in tokens:
        for inner in _nested(token):
            problems += check_command(inner)
    if not tokens or tokens[0] != "docker":
        return problems
    if len(tokens) < 2:
        return problems + [f"{command!r}: no subcommand"]
    name = tokens[1]
    rest = tokens[2:]
    if name in GROUPS:
        if not rest:
            return problems + [f"{command!r}: no subcommand after {name!r}"]
        name, rest = f"{name} {rest[0]}", rest[1:]
    name = ALIASES.get(name, name)
    if name not in OPTIONS:
        return problems + [f"{command!r}: unknown subcommand {name!r}"]
    known = OPTIONS[name]
    args: list[str] = []
    i = 0
    while i < len(rest):
        token = rest[i]
        i += 1
        if token == "--" or not token.startswith("-") or token == "-":
            args.append(token)
            if args and name in ("run", "create", "exec"):
                break  # the rest is the command run inside the container
            continue
        if token.startswith("--"):
            option, has_value = token.split("=", 1)[0], "=" in token
            if option not in known:
                problems.append(f"{command!r}: unknown option {option!r} for 'docker {name}'")
            elif known[option] and not has_value:
                i += 1
            continue
        for j, letter in enumerate(token[1:]):
            option = "-" + letter
            if option not in known:
                problems.append(f"{command!r}: unknown option {option!r} for 'docker {name}'")
                break
            if known[option]:
                if j == len(token) - 2:
                    i += 1  # the value is the next token
                break  # the rest of the token is the value
    if complete and name == "build" and len(args) != 1:
        problems.append(f"{command!r}: 'docker build' takes exactly one context (PATH, URL or -)")
    return problems


def _nested(token: str) -> list[str]:
    found = []
    start = token.find("$(")
    if start != -1 and token.endswith(")"):
        found.append(token[start + 2:-1])
    if token.startswith("`") and token.endswith("`") and len(token) > 2:
        found.append(token[1:-1])
    return found
