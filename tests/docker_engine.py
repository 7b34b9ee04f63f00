"""A private, throw-away Docker Engine for the tests, and for running a card's verify script by hand.

dockerd runs as root in namespaces of its own, all of its state under one temporary folder:

- a network namespace: its `docker0` bridge, veth pairs and iptables chains (with FORWARD policy
  DROP) exist only there and vanish with it, so nothing reaches the host's network and two test
  runs on one machine never meet on `docker0` or 172.17.0.1. A script that talks to a published
  port must run in that namespace too: `nsenter --net=/proc/PID/ns/net` (see `Engine.enter`).
- a mount namespace with a fresh tmpfs on /run: dockerd's and containerd's mounts and the shim
  sockets containerd keeps in /run/containerd stay inside, and no containerd of the host's (or of
  another test run's) at /run/containerd/containerd.sock is ever taken for its own.
- a PID namespace whose init is tini (`docker-init`): when it ends, the kernel kills whatever is
  left, containers included; unshare's --kill-child and setpriv's parent-death signal end it when
  the test run dies.
What stays on the host is cleaned up by `stop_engine`: the cgroup folders of the containers (a
parent of their own, per engine) and the temporary folder. Engine 20.10 otherwise keeps a trust
key in /etc/docker/key.json; the daemon's config file sends it into the temporary folder.

The image every card's script uses, `dockdeck-busybox`, is Debian's busybox-static made into a
root file system (`bin/busybox` and a relative link per applet) and imported with `CMD ["sh"]`:
no registry is needed.

By hand (as root): `uv run python tests/docker_engine.py` starts one, prints how to reach it and
waits for Ctrl-C, then stops it and removes everything it made.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DOCKER = shutil.which("docker") or "docker"
DOCKERD = "dockerd"
BUSYBOX = Path("/bin/busybox")
INIT = "docker-init"  # tini, as Debian's docker.io ships it
IMAGE = "dockdeck-busybox"
# The daemon label by which the Docker deck's verify setup tells a throw-away engine from yours.
LABEL = "dockdeck.engine=throw-away"
INSTALL_HINT = ("install them with `apt-get install -y --no-install-recommends docker.io busybox-static` "
                "(.ci/run does)")
START_TIMEOUT = 60
STOP_TIMEOUT = 30


@dataclass(frozen=True)
class Engine:
    root: Path  # everything the engine keeps is under here
    init_pid: int  # the host PID of the namespaces' init: its /proc entry names the network namespace
    storage_driver: str
    process: subprocess.Popen[bytes]

    @property
    def socket(self) -> Path:
        return self.root / "docker.sock"

    @property
    def host(self) -> str:
        return f"unix://{self.socket}"

    def env(self) -> dict[str, str]:
        """The client's environment: this engine, and a client config of its own (not ~/.docker)."""
        return {"DOCKER_HOST": self.host, "DOCKER_CONFIG": str(self.root / "client"), "DOCKER_CLI_HINTS": "false"}

    def enter(self) -> list[str]:
        """The prefix that runs a command in the engine's network namespace, where published ports are."""
        return ["nsenter", f"--net=/proc/{self.init_pid}/ns/net", "--"]

    def docker(self, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([DOCKER, *args], env={**os.environ, **self.env()}, input=stdin,
                              capture_output=True, timeout=START_TIMEOUT)


def missing_parts() -> str | None:
    """What this machine lacks to start an engine, in words, or None."""
    if os.geteuid() != 0:
        return "the Docker Engine tests start dockerd and must run as root"
    missing = [name for name in ("docker", DOCKERD, INIT, "containerd", "runc", "unshare", "nsenter", "setpriv")
               if shutil.which(name) is None]
    missing += [str(BUSYBOX)] if not BUSYBOX.is_file() else []
    if missing:
        return f"missing {', '.join(missing)}: {INSTALL_HINT}"
    return None


ROOT_PREFIX = "dockdeck-engine-"
# Who started the engine: "PID start-time"; an engine whose starter has gone is dead (setpriv saw to that).
OWNER_FILE = "owner"


def _cgroup_parent(root: Path) -> str:
    return root.name


def _start_time(pid: int) -> str:
    """The process's start time (field 22 of /proc/PID/stat), which tells it from a later one with its PID."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def remove_dead_engines() -> None:
    """What engines of test runs that were killed left behind (their processes died with the runs)."""
    for root in Path(tempfile.gettempdir()).glob(ROOT_PREFIX + "*"):
        try:
            pid, started = (root / OWNER_FILE).read_text().split()
        except (OSError, ValueError):
            continue  # starting right now, or not ours
        if _start_time(int(pid)) != started:
            _remove(root)


def _start(root: Path, driver: str, label: bool) -> Engine:
    (root / "client").mkdir(exist_ok=True)
    config = root / "daemon.json"
    config.write_text(json.dumps({"deprecated-key-path": str(root / "key.json")}))
    dockerd = [DOCKERD, "--config-file", str(config), "--data-root", str(root / "data"),
               "--exec-root", str(root / "exec"), "-H", f"unix://{root / 'docker.sock'}",
               "--pidfile", str(root / "docker.pid"), "--storage-driver", driver,
               "--cgroup-parent", _cgroup_parent(root)] + (["--label", LABEL] if label else [])
    # busybox's ip: iproute2 is not among docker.io's dependencies.
    inside = f"{BUSYBOX} ip link set lo up && mount -t tmpfs -o mode=755 dockdeck-run /run && exec \"$@\""
    # setpriv: unshare is killed when the test run that started it dies, and its --kill-child ends the
    # namespaces' init with it.
    argv = ["setpriv", "--pdeathsig", "KILL", "--", "unshare", "--net", "--mount", "--propagation", "private",
            "--pid", "--mount-proc", "--kill-child", "--", INIT, "--", "sh", "-c", inside, "dockerd", *dockerd]
    log = open(root / "dockerd.log", "wb")  # noqa: SIM115 - the engine writes to it as long as it runs
    process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    init_pid = 0
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        init_pid = init_pid or _child(process.pid)
        engine = Engine(root, init_pid, driver, process)
        if init_pid and engine.socket.exists() and engine.docker("version").returncode == 0:
            return engine
        time.sleep(0.1)
    _stop_process(process)
    raise RuntimeError(f"dockerd did not answer within {START_TIMEOUT} s with the {driver} storage driver; "
                       f"its log ends:\n{_log_tail(root)}")


def _child(pid: int) -> int:
    """The first child of the process ``pid`` (unshare's: the namespaces' init), or 0 before there is one."""
    try:
        return int(Path(f"/proc/{pid}/task/{pid}/children").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0


def _log_tail(root: Path) -> str:
    lines = (root / "dockerd.log").read_text(errors="replace").splitlines()
    return "\n".join(lines[-15:])


def start_engine(label: bool = True) -> Engine:
    """A running engine holding the image IMAGE, in a new temporary folder; with ``label`` (a test of
    the deck's own safety catch turns it off) it says it is a throw-away one."""
    remove_dead_engines()
    root = Path(tempfile.mkdtemp(prefix=ROOT_PREFIX))
    (root / OWNER_FILE).write_text(f"{os.getpid()} {_start_time(os.getpid())}")
    try:
        try:
            engine = _start(root, "overlay2", label)
        except RuntimeError:
            # overlay2 cannot stack on every file system (an overlay or some network file systems);
            # vfs copies every layer in full, slowly, but works anywhere.
            shutil.rmtree(root / "data", ignore_errors=True)
            engine = _start(root, "vfs", label)
        _build_image(engine)
        return engine
    except BaseException:
        _remove(root)
        raise


def _build_image(engine: Engine) -> None:
    rootfs = engine.root / "rootfs"
    (rootfs / "bin").mkdir(parents=True)
    shutil.copy2(BUSYBOX, rootfs / "bin/busybox")
    applets = subprocess.run([str(BUSYBOX), "--list"], capture_output=True, text=True, check=True).stdout.split()
    for applet in applets:
        link = rootfs / "bin" / applet
        if not link.exists():
            link.symlink_to("busybox")  # relative: right inside the image, whatever the rootfs's path here
    tar = subprocess.run(["tar", "-C", str(rootfs), "-c", "."], capture_output=True, check=True).stdout
    done = engine.docker("import", "--change", 'CMD ["sh"]', "-", IMAGE, stdin=tar)
    if done.returncode != 0:
        raise RuntimeError(f"docker import failed: {done.stderr.decode(errors='replace')}")
    shutil.rmtree(rootfs)
    ran = engine.docker("run", "--rm", IMAGE, "true")
    if ran.returncode != 0:
        raise RuntimeError(f"{BUSYBOX} does not run in an image of its own (is it busybox-static?): "
                           f"{ran.stderr.decode(errors='replace')}; {INSTALL_HINT}")


def _stop_process(process: subprocess.Popen[bytes]) -> None:
    """End the namespaces' init: gently (tini hands SIGTERM to dockerd), then for sure."""
    init = _child(process.pid)
    if init:
        with contextlib.suppress(OSError):
            os.kill(init, signal.SIGTERM)
    try:
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()  # --kill-child: the init dies with unshare, and the whole PID namespace with it
        process.wait()


def _remove_cgroups(parent: str) -> None:
    """The cgroup folders the engine's containers were in (under every hierarchy), deepest first."""
    base = Path("/sys/fs/cgroup")
    found = [path for path in base.rglob(parent) if path.is_dir()] if base.is_dir() else []
    for top in found:
        for path in sorted((p for p in top.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
            with contextlib.suppress(OSError):
                path.rmdir()
        with contextlib.suppress(OSError):
            top.rmdir()


def _remove(root: Path) -> None:
    _remove_cgroups(_cgroup_parent(root))
    shutil.rmtree(root, ignore_errors=True)


def stop_engine(engine: Engine) -> None:
    """Stop the engine and remove everything it made."""
    # Removing the containers first spares dockerd's own wait for each to stop.
    ids = engine.docker("ps", "-aq").stdout.decode().split()
    if ids:
        engine.docker("rm", "-f", *ids)
    _stop_process(engine.process)
    _remove(engine.root)


def main() -> None:
    missing = missing_parts()
    if missing:
        sys.exit(missing)
    for sig in (signal.SIGINT, signal.SIGTERM):  # `kill` cleans up as Ctrl-C does, even when started in the background
        signal.signal(sig, signal.default_int_handler)
    engine = start_engine()
    enter = " ".join(engine.enter())
    print(f"engine running ({engine.storage_driver}), image {IMAGE}; in another shell:\n"
          + "".join(f"  export {key}={value}\n" for key, value in engine.env().items())
          + f"  {enter} uv run dockdeck verify --only CARD-ID   # in its network namespace, for published ports\n"
          "Ctrl-C stops it and removes everything it made.", flush=True)
    try:
        engine.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop_engine(engine)


if __name__ == "__main__":
    main()
