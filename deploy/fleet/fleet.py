#!/usr/bin/env python3
"""A whole swipecdn fleet on one machine, each host in a network namespace of its own.

    fleet.py up [--bin DIR] [--instance ID] [--policy redirect|steer] [--clips N] [--work DIR]
    fleet.py status [--instance ID]
    fleet.py exec [--instance ID] HOST -- CMD...   (e.g. viewer-de -- curl -sL URL)
    fleet.py down [--instance ID]

Hosts: redis, origin (origind with a few ingested clips), control (controld), three PoPs (one
edged each behind an 80 ms RTT delayproxy to the origin) and a viewer per PoP country, whose
PoP traffic crosses a 15 ms RTT transparent delayproxy (an nftables redirect) so that the edges
still see the viewers' addresses. All on a bridge in a namespace of its own, 10.77.0.0/16: the
host's network is never touched. Every namespace is scdn-<instance>-<host>; `down`, Ctrl-C and
a failed `up` stop every process in them and delete them. Needs root."""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

# Its modules sit beside it; no __pycache__ is left in the source tree.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import layout as L  # noqa: E402
import netns  # noqa: E402
from netns import FleetError  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
MAKE_MMDB = os.path.join(REPO, "tests", "support", "geo", "make_test_mmdb.pl")
BINARIES = ("edged", "origind", "controld", "delayproxy")
WORK_MARK = ".swipecdn-fleet"
# Debian packages of the programs `up` runs.
TOOLS = {"ip": "iproute2", "nft": "nftables", "redis-server": "redis-server",
         "ffmpeg": "ffmpeg", "perl": "perl", "python3": "python3"}
CLIP_SOURCES = ("testsrc2", "smptebars", "testsrc", "rgbtestsrc")
CAP_NET_ADMIN, CAP_SYS_ADMIN = 12, 21
UP_TIMEOUT = 60  # seconds for each wait of `up`; a broken fleet fails instead of hanging

# Runs inside a namespace: polls a URL (http://...) or a TCP port (tcp://host:port) until it
# answers 200 (or accepts) or `timeout` passes; prints the last status and body as JSON.
PROBE = r"""
import http.client, json, socket, sys, time, urllib.parse
url, timeout = sys.argv[1], float(sys.argv[2])
parts = urllib.parse.urlsplit(url)
deadline = time.monotonic() + timeout
while True:
    try:
        if parts.scheme == "tcp":
            socket.create_connection((parts.hostname, parts.port), timeout=2).close()
            status, body = 200, ""
        else:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
            conn.request("GET", parts.path + ("?" + parts.query if parts.query else ""))
            response = conn.getresponse()
            status, body = response.status, response.read().decode("utf-8", "replace")
            conn.close()
    except OSError as error:
        status, body = None, str(error)
    if status == 200 or time.monotonic() >= deadline:
        print(json.dumps({"status": status, "body": body}))
        break
    time.sleep(0.2)
"""


def say(message):
    print(f"fleet: {message}", flush=True)


class Fleet:
    def __init__(self, instance, work=None):
        self.instance = instance
        self.prefix = f"{L.PREFIX}-{instance}-"
        self.paths = L.Paths(work) if work else None

    def ns(self, host):
        return self.prefix + (host if isinstance(host, str) else host.name)

    def probe(self, host, url, timeout=5.0):
        """GET `url` (or connect to tcp://) from inside `host`'s namespace: (status, body)."""
        out = netns.run(["ip", "netns", "exec", self.ns(host), "python3", "-c", PROBE, url,
                         str(timeout)], timeout=timeout + 30)
        answer = json.loads(out)
        return answer["status"], answer["body"]

    def wait_ok(self, host, url, what):
        status, body = self.probe(host, url, UP_TIMEOUT)
        if status != 200:
            raise FleetError(f"{what} did not answer {url} with 200 within {UP_TIMEOUT}s: "
                             f"{status} {body[:300]}")
        return body


def has_capabilities():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("CapEff:"):
                effective = int(line.split()[1], 16)
                return all(effective >> cap & 1 for cap in (CAP_NET_ADMIN, CAP_SYS_ADMIN))
    return False


def require_root():
    if not has_capabilities():
        raise FleetError("needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN: it creates network "
                         "namespaces and nftables rules); run it with sudo")


def require_tools():
    missing = [f"{tool} (Debian package {package})" for tool, package in TOOLS.items()
               if shutil.which(tool) is None]
    if missing:
        raise FleetError("missing " + ", ".join(missing) + "; deploy/install-deps.sh installs "
                         "them")


def binaries(bin_dir):
    found = {}
    for name in BINARIES:
        path = os.path.abspath(os.path.join(bin_dir, name))
        if not os.access(path, os.X_OK):
            raise FleetError(f"{path} is missing: build it (cmake --build) or pass --bin DIR")
        found[name] = path
    return found


def check_started(started):
    """Fails naming the daemon and its log when one of `started` ({name: (Popen, log)}) exited."""
    for name, (process, log) in started.items():
        if process.poll() is not None:
            raise FleetError(f"{name} exited with {process.returncode}; its log, {log}, ends:\n"
                             f"{tail(log)}")


def tail(path, lines=15):
    try:
        with open(path, "rb") as f:
            return b"".join(f.readlines()[-lines:]).decode("utf-8", "replace")
    except OSError:
        return "(no log)"


def make_clips(fleet, bins, count):
    """`count` clips of 4 s at 320x568, ingested into the origin's data dir; their ids."""
    media = fleet.paths.host("media")
    os.makedirs(media, exist_ok=True)
    videos = []
    for i in range(count):
        source = CLIP_SOURCES[i % len(CLIP_SOURCES)]
        clip = os.path.join(media, f"clip{i}.mp4")
        netns.run(["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-f",
                   "lavfi", "-i", f"{source}=size=320x568:rate=30:duration=4", "-f", "lavfi",
                   "-i", "sine=frequency=440:duration=4", "-c:v", "libx264", "-preset",
                   "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", clip],
                  timeout=120)
        out = netns.run([bins["origind"], "ingest", "--data-dir",
                         fleet.paths.host(L.ORIGIN.name, "data"), clip, "--title", f"{source}",
                         "--creator", "fleet"], timeout=300)
        videos.append(out.split()[-1])
        say(f"  clip {i + 1}/{count}: {source} -> video {videos[-1]}")
    return videos


def build_network(fleet):
    net = fleet.ns(L.NET)
    netns.create(net)
    netns.create_bridge(net, L.BRIDGE)
    for host in L.HOSTS:
        netns.create(fleet.ns(host))
        netns.plug(net, L.BRIDGE, f"h-{host.name}", fleet.ns(host), host.address, L.SUBNET_BITS)
    for viewer in L.VIEWERS:
        netns.load_rules(fleet.ns(viewer), L.viewer_rules())


def start_daemons(fleet, bins, policy, viewer_bandwidth, origin_bandwidth):
    """Every daemon of the fleet, each in its host's namespace: {name: (Popen, log path)}."""
    p = fleet.paths
    started = {}

    def launch(name, host, argv):
        log = p.log(name)
        started[name] = (netns.start(fleet.ns(host), argv, log, cwd=p.host(host.name)), log)

    # A link's bandwidth is shared by every connection across it, both ways.
    def proxy(name, host, routes, rtt, bandwidth):
        return [bins["delayproxy"], *routes, "--rtt", rtt, "--link-rate-down", bandwidth,
                "--link-rate-up", bandwidth, "--metrics-listen", L.PROXY_METRICS,
                "--port-file", p.host(host.name, f"{name}.port"), "--log-file", p.log(name)]

    launch("redis", L.REDIS, ["redis-server", "--bind", L.REDIS.address, "--port",
                              str(L.REDIS_PORT), "--save", "", "--appendonly", "no",
                              "--protected-mode", "no", "--dir", p.host(L.REDIS.name)])
    fleet.wait_ok(L.REDIS, f"tcp://{L.REDIS.address}:{L.REDIS_PORT}", "redis")
    launch("origind", L.ORIGIN, [bins["origind"], "--listen",
                                 f"{L.ORIGIN.address}:{L.ORIGIN_PORT}", "--data-dir",
                                 p.host(L.ORIGIN.name, "data"), "--redis",
                                 f"redis://{L.REDIS.address}:{L.REDIS_PORT}", "--workers", "2",
                                 "--log-file", p.log("origind")])
    for pop in L.POPS:
        origin = f"{L.ORIGIN.address}:{L.ORIGIN_PORT}"
        launch(f"{pop.name}-wan", pop, proxy(f"{pop.name}-wan", pop,
                                             ["--route", f"{L.EDGE_ORIGIN_PROXY}={origin}"],
                                             L.EDGE_ORIGIN_RTT, origin_bandwidth))
        config = p.host(pop.name, "edged.toml")
        with open(config, "w") as f:
            f.write(L.edged_config(pop, p, policy))
        launch(f"{pop.name}-edged", pop, [bins["edged"], "--config", config])
    for viewer in L.VIEWERS:
        launch(f"{viewer.name}-wan", viewer, proxy(
            f"{viewer.name}-wan", viewer,
            ["--transparent-route", f"127.0.0.1:{L.VIEWER_PROXY_PORT}", "--mark", str(L.MARK)],
            L.VIEWER_EDGE_RTT, viewer_bandwidth))
    pops_file = p.host(L.CONTROL.name, "pops.toml")
    with open(pops_file, "w") as f:
        f.write(L.controld_config(p))
    launch("controld", L.CONTROL, [bins["controld"], "--pops", pops_file])
    return started


def wait_healthy(fleet, started):
    """Until the origin, every edge and the control plane answer, every edge sees the other
    PoPs up, and controld has checked every edge healthy."""
    fleet.wait_ok(L.ORIGIN, f"http://{L.ORIGIN.address}:{L.ORIGIN_PORT}/healthz", "origind")
    check_started(started)
    for pop in L.POPS:
        fleet.wait_ok(pop, f"{pop.url}/healthz", f"edged of {pop.name}")
    check_started(started)
    deadline = time.monotonic() + UP_TIMEOUT
    while not all(sees_peers_up(fleet, pop) for pop in L.POPS):
        check_started(started)
        if time.monotonic() > deadline:
            raise FleetError("the edges did not all see each other up (edge_pop_state)")
        time.sleep(0.5)
    while True:
        pops = control_pops(fleet)
        if pops and all(healthy(pop) for pop in pops):
            return
        check_started(started)
        if time.monotonic() > deadline:
            raise FleetError(f"controld did not see every PoP healthy: {pops}")
        time.sleep(0.5)


def sees_peers_up(fleet, pop):
    """Whether `pop`'s edge reports every other PoP up (edge_pop_state{pop,state="up"} 1)."""
    _, metrics = fleet.probe(pop, f"{pop.url}/metrics")
    up = set()
    for line in metrics.splitlines():
        sample = re.fullmatch(r'edge_pop_state\{(.*)\} (\S+)', line)
        if sample and float(sample[2]) == 1:
            labels = dict(re.findall(r'(\w+)="([^"]*)"', sample[1]))
            if labels.get("state") == "up":
                up.add(labels.get("pop"))
    return all(L.pop_name(peer) in up for peer in L.POPS if peer != pop)


def control_pops(fleet):
    status, body = fleet.probe(L.CONTROL, f"http://{L.CONTROL.address}:{L.CONTROL_PORT}/api/pops")
    return json.loads(body)["pops"] if status == 200 else []


def healthy(pop):
    """A PoP controld has checked (checked_at set) and found healthy on every edge."""
    return pop["edges"] and all(e["healthy"] and e["checked_at"] for e in pop["edges"])


def state_of(fleet, args, videos, started):
    p = fleet.paths
    origin = f"http://{L.ORIGIN.address}:{L.ORIGIN_PORT}"
    return {
        "instance": fleet.instance,
        "prefix": fleet.prefix,
        "work": p.work,
        "logs": os.path.dirname(p.log("x")),
        "policy": args.policy,
        "bandwidth": {"viewer_edge": args.viewer_bandwidth, "edge_origin": args.origin_bandwidth},
        "namespaces": {**{host.name: fleet.ns(host) for host in L.HOSTS}, L.NET: fleet.ns(L.NET)},
        "origin": origin,
        "control": f"http://{L.CONTROL.address}:{L.CONTROL_PORT}",
        "redis": f"redis://{L.REDIS.address}:{L.REDIS_PORT}",
        "pops": [{"name": L.pop_name(pop), "host": pop.name, "namespace": fleet.ns(pop),
                  "address": pop.address, "url": pop.url, "country": pop.country,
                  "cache": p.host(pop.name, "cache"),
                  "access_log": p.log(pop.name + "-access")} for pop in L.POPS],
        "viewers": [{"name": v.name, "namespace": fleet.ns(v), "address": v.address,
                     "country": v.country,
                     "pop": next(L.pop_name(pop) for pop in L.POPS if pop.country == v.country)}
                    for v in L.VIEWERS],
        "videos": videos,
        "rtt": {"edge_origin": L.EDGE_ORIGIN_RTT, "viewer_edge": L.VIEWER_EDGE_RTT},
        "pids": {name: process.pid for name, (process, _) in started.items()},
    }


def summary(state):
    lines = [f"fleet {state['instance']} is up (policy {state['policy']}); namespaces "
             f"{state['prefix']}*", "PoPs:"]
    for pop in state["pops"]:
        lines.append(f"  {pop['name']:<4} {pop['url']:<24} country {pop['country']}  "
                     f"namespace {pop['namespace']}")
    rtt, bandwidth = state["rtt"], state["bandwidth"]
    lines.append(f"viewers (their PoP traffic crosses a {rtt['viewer_edge']} RTT, "
                 f"{bandwidth['viewer_edge']}b/s link; PoPs reach the origin across "
                 f"{rtt['edge_origin']}, {bandwidth['edge_origin']}b/s):")
    for viewer in state["viewers"]:
        lines.append(f"  {viewer['name']:<10} {viewer['address']:<11} country "
                     f"{viewer['country']} -> PoP {viewer['pop']}")
    lines.append(f"origin {state['origin']}, control {state['control']} (GET /api/pops), "
                 f"redis {state['redis']}")
    lines.append("videos:")
    for video in state["videos"]:
        lines.append(f"  {state['pops'][0]['url']}/v/{video}/master.m3u8")
    first = state["viewers"][0]["name"]
    lines.append(f"try: {sys.argv[0]} exec {first} -- curl -sIL "
                 f"{state['pops'][1]['url']}/v/{state['videos'][0]}/master.m3u8")
    lines.append(f"logs: {state['logs']}  state: {os.path.join(state['work'], 'fleet.json')}")
    return "\n".join(lines)


def up(args):
    require_root()
    require_tools()
    bins = binaries(args.bin)
    work = os.path.abspath(args.work or os.path.join(args.bin, "..", "fleet", args.instance))
    fleet = Fleet(args.instance, work)
    say(f"instance {args.instance}: removing leftovers of an earlier run")
    netns.remove(fleet.prefix, say=say)
    # Only a directory this script made is emptied: --work may name anything, and this runs
    # as root.
    if os.path.isdir(work) and os.listdir(work) and \
            not os.path.exists(os.path.join(work, WORK_MARK)):
        raise FleetError(f"--work {work}: not empty and not a fleet's directory; "
                         "name a new or empty one")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    with open(os.path.join(work, WORK_MARK), "w") as f:
        f.write("made by deploy/fleet/fleet.py up; emptied by the next up\n")
    for host in L.HOSTS:
        os.makedirs(fleet.paths.host(host.name), exist_ok=True)
    os.makedirs(os.path.dirname(fleet.paths.log("x")), exist_ok=True)
    started = {}
    try:
        say(f"[1/5] {args.clips} clips of 4 s at 320x568, transcoded by origind ingest")
        videos = make_clips(fleet, bins, args.clips)
        say("[2/5] the test geo database: " + ", ".join(L.geo_networks()))
        netns.run(["perl", MAKE_MMDB, fleet.paths.geo_db, *L.geo_networks()], timeout=120)
        say(f"[3/5] {len(L.HOSTS) + 1} namespaces {fleet.prefix}*, bridge and viewer redirects")
        build_network(fleet)
        say("[4/5] redis, origind, a WAN proxy and edged per PoP, viewer proxies, controld")
        started = start_daemons(fleet, bins, args.policy, args.viewer_bandwidth,
                                args.origin_bandwidth)
        say("[5/5] waiting for every daemon, the PoPs to see each other and controld to see "
            "them healthy")
        wait_healthy(fleet, started)
        state = state_of(fleet, args, videos, started)
        with open(fleet.paths.state, "w") as f:
            json.dump(state, f, indent=2)
        print(summary(state), flush=True)
        return 0
    except BaseException:
        # A second Ctrl-C must not leave the teardown half done.
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, signal.SIG_IGN)
        say("up failed: tearing down")
        netns.remove(fleet.prefix, grace=5, say=say)
        raise


def down(args):
    require_root()
    prefix = Fleet(args.instance).prefix
    removed = netns.remove(prefix, say=say)
    say(f"removed {len(removed)} namespaces {prefix}*" if removed
        else f"nothing to remove: no namespace {prefix}*")
    return 0


def find_state(instance):
    """The state `up` wrote, found through the namespaces' processes' working directories."""
    prefix = Fleet(instance).prefix
    for namespace in netns.namespaces(prefix):
        for pid in netns.pids_in(namespace):
            try:
                cwd = os.readlink(f"/proc/{pid}/cwd")
            except OSError:
                continue
            candidate = os.path.join(os.path.dirname(cwd), "fleet.json")
            if os.path.exists(candidate):
                with open(candidate) as f:
                    return json.load(f)
    return None


def status(args):
    require_root()
    fleet = Fleet(args.instance)
    found = netns.namespaces(fleet.prefix)
    if not found:
        say(f"instance {args.instance} is not running (no namespace {fleet.prefix}*)")
        return 3
    problems = 0
    for namespace in found:
        processes = []
        for pid in netns.pids_in(namespace):
            try:
                with open(f"/proc/{pid}/comm") as f:
                    processes.append(f"{f.read().strip()}[{pid}]")
            except OSError:
                continue
        print(f"{namespace:<24} {' '.join(processes) or '-'}")
    state = find_state(args.instance)
    if state:
        for pop, host in zip(state["pops"], L.POPS):
            code, _ = fleet.probe(host, f"{pop['url']}/healthz", timeout=0)
            problems += code != 200
            print(f"PoP {pop['name']:<4} {pop['url']:<24} /healthz {code}")
        pops = control_pops(fleet)
        for pop in pops:
            print(f"controld: PoP {pop['name']:<4} {'healthy' if healthy(pop) else 'NOT healthy'}")
        problems += sum(not healthy(pop) for pop in pops) + (not pops)
        print(f"logs: {state['logs']}")
    return 1 if problems or not state else 0


def exec_command(args):
    require_root()
    fleet = Fleet(args.instance)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        raise FleetError("exec needs a command after --")
    names = {h.name for h in L.HOSTS}
    host = args.host if args.host in names else f"viewer-{args.host}"
    if host not in names:
        raise FleetError(f"no host {args.host}: one of {', '.join(sorted(names))}")
    if fleet.ns(host) not in netns.namespaces(fleet.prefix):
        raise FleetError(f"instance {args.instance} is not up (no namespace {fleet.ns(host)})")
    netns.exec_in(fleet.ns(host), command)


def parse(argv):
    parser = argparse.ArgumentParser(prog="fleet.py", description=__doc__.split("\n")[0])
    parser.add_argument("--instance", default="0",
                        help="instance id, [a-z0-9]{1,6} (default 0): several fleets may run")
    commands = parser.add_subparsers(dest="action", required=True)
    start = commands.add_parser("up", help="bring the fleet up (removes leftovers first)")
    start.add_argument("--bin", default=os.path.join(REPO, "build", "bin"),
                       help="where edged, origind, controld and delayproxy are (build/bin)")
    start.add_argument("--work", help="logs, data and caches (default BIN/../fleet/INSTANCE)")
    start.add_argument("--policy", choices=("redirect", "steer"), default="redirect",
                       help="what a master playlist request of another PoP's viewer gets")
    start.add_argument("--clips", type=int, choices=range(1, 5), default=2, metavar="1..4",
                       help="clips ingested into the origin (default 2)")
    start.add_argument("--viewer-bandwidth", default="50M",
                       help="each viewer's link to the PoPs, bits/s (default 50M; 0: unlimited)")
    start.add_argument("--origin-bandwidth", default="1G",
                       help="each PoP's link to the origin, bits/s (default 1G; 0: unlimited)")
    commands.add_parser("down", help="stop every process and delete every namespace")
    commands.add_parser("status", help="namespaces, processes and health")
    run = commands.add_parser("exec", help="run a command in a host's namespace")
    run.add_argument("host", help="viewer-de, viewer-us, viewer-jp (or de, us, jp), or any host")
    run.add_argument("command", nargs=argparse.REMAINDER, help="-- CMD...")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[a-z0-9]{1,6}", args.instance):
        parser.error(f"--instance {args.instance}: want 1-6 of a-z 0-9")
    return args


def interrupt(number, frame):
    raise KeyboardInterrupt


def main(argv):
    args = parse(argv)
    # SIGTERM and SIGHUP tear a half-made fleet down as Ctrl-C does.
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, interrupt)
    actions = {"up": up, "down": down, "status": status, "exec": exec_command}
    try:
        return actions[args.action](args)
    except FleetError as error:
        say(f"error: {error}")
        return 1
    except KeyboardInterrupt:
        say("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
