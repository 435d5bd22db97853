# Network namespaces and the processes in them, through iproute2 and nft: named namespaces
# (ip netns), veth pairs to a bridge in its own namespace, daemons started inside with their
# output in log files, and the teardown that finds everything by the namespaces' prefix.
import os
import signal
import subprocess
import time


class FleetError(RuntimeError):
    pass


def run(argv, stdin=None, timeout=60):
    """Runs `argv`; raises FleetError with its output when it fails."""
    done = subprocess.run(argv, input=stdin, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise FleetError(f"{' '.join(argv)} failed ({done.returncode}):\n"
                         f"{(done.stderr or done.stdout).strip()}")
    return done.stdout


def namespaces(prefix):
    """The named namespaces whose names start with `prefix`."""
    listing = run(["ip", "netns", "list"])
    return sorted(line.split()[0] for line in listing.splitlines()
                  if line.split() and line.split()[0].startswith(prefix))


def pids_in(namespace):
    """The processes in `namespace` (ip netns pids); none when it is already gone."""
    done = subprocess.run(["ip", "netns", "pids", namespace], capture_output=True, text=True,
                          timeout=30)
    return [int(pid) for pid in done.stdout.split()] if done.returncode == 0 else []


def alive(pid):
    """True while `pid` exists and is not a zombie waiting to be reaped."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def stop_processes(pids, grace):
    """SIGTERM, then SIGKILL for whatever is still running after `grace` seconds; waits for all
    to end. Answers the pids that had to be killed."""
    for pid in pids:
        _signal(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    killed = [pid for pid in pids if alive(pid)]
    for pid in killed:
        _signal(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in killed) and time.monotonic() < deadline:
        time.sleep(0.05)
    return killed


def _signal(pid, number):
    try:
        os.kill(pid, number)
    except ProcessLookupError:
        pass


def remove(prefix, grace=10, say=print):
    """Stops every process in the namespaces named `prefix`*, then deletes the namespaces;
    answers the namespaces it removed."""
    found = namespaces(prefix)
    pids = sorted({pid for namespace in found for pid in pids_in(namespace)})
    if pids:
        say(f"stopping {len(pids)} processes")
        killed = stop_processes(pids, grace)
        if killed:
            say(f"killed {len(killed)} that ignored SIGTERM for {grace}s: {killed}")
    for namespace in found:
        run(["ip", "netns", "del", namespace])
    return found


def create(namespace):
    run(["ip", "netns", "add", namespace])
    run(["ip", "-n", namespace, "link", "set", "lo", "up"])


def create_bridge(namespace, bridge):
    run(["ip", "-n", namespace, "link", "add", bridge, "type", "bridge"])
    run(["ip", "-n", namespace, "link", "set", bridge, "up"])


def plug(bridge_namespace, bridge, port, namespace, address, prefix_bits):
    """A veth pair: `port` on the bridge, eth0 with `address` in `namespace`."""
    run(["ip", "-n", bridge_namespace, "link", "add", port, "type", "veth", "peer", "name", "eth0",
         "netns", namespace])
    run(["ip", "-n", bridge_namespace, "link", "set", port, "master", bridge, "up"])
    run(["ip", "-n", namespace, "addr", "add", f"{address}/{prefix_bits}", "dev", "eth0"])
    run(["ip", "-n", namespace, "link", "set", "eth0", "up"])


def load_rules(namespace, ruleset):
    run(["ip", "netns", "exec", namespace, "nft", "-f", "-"], stdin=ruleset)


def start(namespace, argv, log_path, cwd=None):
    """Starts `argv` inside `namespace` in a session of its own (Ctrl-C on the terminal does not
    reach it), its output appended to `log_path`; answers its Popen, whose pid is the daemon's
    (ip netns exec execs it)."""
    with open(log_path, "ab") as log:
        return subprocess.Popen(["ip", "netns", "exec", namespace, *argv],
                                stdin=subprocess.DEVNULL, stdout=log, stderr=log, cwd=cwd,
                                start_new_session=True)


def exec_in(namespace, argv):
    """Replaces this process by `argv` run inside `namespace`."""
    os.execvp("ip", ["ip", "netns", "exec", namespace, *argv])
