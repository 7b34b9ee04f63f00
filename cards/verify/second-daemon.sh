# A Docker daemon of the script's own, for the cards about what happens when the daemon restarts:
# the deck's engine must keep running, so a script stops and starts this one instead.
#
#   . "$DOCKDECK_CARDS/verify/second-daemon.sh"
#   second_daemon_start                 # the first start also loads $BASE_IMAGE into it
#   second_docker run -d --restart always "$BASE_IMAGE" sleep 600
#   second_daemon_stop                  # as `systemctl stop docker` does: SIGTERM to dockerd
#   second_daemon_start                 # the same data: its containers come back as their policies say
#   second_wait_running web             # up to 10 s
#
# It runs as root in namespaces of its own (network, mount, PID): its bridge and iptables rules,
# its mounts and its processes vanish with it, and the deck's engine never sees them. Its data is
# in the script's folder, under second-daemon/, which goes with it (so build images from another
# folder: `docker build image/`, or the build would send the data as its context); its sockets
# are in a short folder of /tmp (a unix socket's path has at most 104 characters). At the script's
# end (an EXIT trap: don't set one of your own) its containers are removed, it is stopped and the
# socket folder is removed.

second_daemon_root=$PWD/second-daemon
second_daemon_run=$(mktemp -d /tmp/dd-second-XXXXXX)
second_daemon_host=unix://$second_daemon_run/docker.sock
second_daemon_pid=
trap second_daemon_remove EXIT

second_docker() { DOCKER_HOST=$second_daemon_host docker "$@"; }

# Wait (up to 10 s) until the container NAME runs on the second daemon.
second_wait_running() {
  for second_daemon_try in $(seq 100); do
    [ "$(second_docker inspect -f '{{.State.Status}}' "$1")" != running ] || return 0
    sleep 0.1
  done
  second_docker inspect -f "$1: {{.State.Status}}" "$1"
  return 1
}

second_daemon_start() {
  mkdir -p "$second_daemon_root"
  # Engine 20.10 would otherwise keep its trust key in /etc/docker.
  echo "{\"deprecated-key-path\": \"$second_daemon_root/key.json\"}" > "$second_daemon_root/daemon.json"
  # The deck engine's cgroup parent, so that its clean-up also finds what this one leaves.
  : "${second_daemon_cgroup:=$(docker run --rm "$BASE_IMAGE" cat /proc/self/cgroup |
      sed -n 's#^[0-9]*:pids:/\(.*\)/[0-9a-f]*$#\1#p')/second-$$}"
  second_daemon_new=; [ -d "$second_daemon_root/data" ] || second_daemon_new=yes
  # A tmpfs on /run: no containerd of the host's is taken for its own. In the script's process group,
  # so that killing the script (its time ran out) kills unshare, and --kill-child the rest with it.
  unshare --net --mount --propagation private --pid --fork --kill-child --mount-proc -- \
    sh -c 'mount -t tmpfs second-daemon-run /run && exec "$@"' second-daemon \
    dockerd --config-file "$second_daemon_root/daemon.json" --data-root "$second_daemon_root/data" \
      --exec-root "$second_daemon_run/exec" -H "$second_daemon_host" --pidfile "$second_daemon_run/docker.pid" \
      --storage-driver "$(docker info -f '{{.Driver}}')" --cgroup-parent "$second_daemon_cgroup" \
      >> "$second_daemon_root/dockerd.log" 2>&1 &
  second_daemon_pid=$!
  second_daemon_tries=0
  until second_docker version >/dev/null 2>&1; do
    second_daemon_tries=$((second_daemon_tries + 1))
    if [ "$second_daemon_tries" -gt 300 ] || ! kill -0 "$second_daemon_pid" 2>/dev/null; then
      echo "the second daemon did not start; its log ends:"; tail -5 "$second_daemon_root/dockerd.log"; return 1
    fi
    sleep 0.1
  done
  if [ -n "$second_daemon_new" ]; then docker save "$BASE_IMAGE" | second_docker load -q >/dev/null; fi
}

second_daemon_stop() {
  # unshare's child is the namespace's init: sh, which became dockerd.
  kill -TERM "$(cat "/proc/$second_daemon_pid/task/$second_daemon_pid/children")"
  wait "$second_daemon_pid" || true
  second_daemon_pid=
}

second_daemon_remove() {
  if [ -n "$second_daemon_pid" ]; then
    second_daemon_ids=$(second_docker ps -aq)
    [ -z "$second_daemon_ids" ] || second_docker rm -f $second_daemon_ids >/dev/null
    second_daemon_stop
  fi
  find /sys/fs/cgroup -depth -type d -path "*/${second_daemon_cgroup:-none}*" -exec rmdir {} + 2>/dev/null || true
  rm -rf "$second_daemon_run"
}
