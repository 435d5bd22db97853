#!/usr/bin/env python3
# The local multi-PoP fleet (deploy/fleet/fleet.py) brought up and down twice with the built
# binaries, on an instance id of the test's own: viewers are redirected to the PoP of their
# country, a segment crosses a PoP intact and is a cache hit the second time, the viewer-edge
# and edge-origin links cost at least their RTTs (lower bounds only: a busy machine is only
# slower), controld sees every PoP healthy, and nothing of the fleet remains after `down`, after
# a failed `up` or after Ctrl-C during `up`. Needs root; ip, nft, redis-server, ffmpeg and perl
# with MaxMind::DB::Writer (deploy/install-deps.sh test).
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

from deploytools import DEPLOY, built, tool

FLEET = os.path.join(DEPLOY, "fleet", "fleet.py")
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(FLEET))
import layout  # noqa: E402

VIEWER_EDGE_RTT = 0.015
EDGE_ORIGIN_RTT = 0.080

# Runs in a viewer's namespace: the first segment of VIDEO's first rendition straight from the
# origin (no link, no edge), then over one keep-alive connection to POP_URL: /healthz twice (the
# second is one round trip), the segment twice. Prints JSON.
PROBE = r"""
import hashlib, http.client, json, sys, time, urllib.parse
origin, pop_url, video = sys.argv[1:4]

def get(conn, path):
    start = time.monotonic()
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    return {"status": response.status, "x_cache": response.getheader("x-cache"),
            "sha256": hashlib.sha256(body).hexdigest(), "size": len(body),
            "seconds": time.monotonic() - start, "body": body}

def connect(url):
    parts = urllib.parse.urlsplit(url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)

direct = connect(origin)
master = get(direct, f"/v/{video}/master.m3u8")["body"].decode()
rendition = next(l for l in master.splitlines() if l and not l.startswith("#")).split("/")[0]
media = get(direct, f"/v/{video}/{rendition}/index.m3u8")["body"].decode()
segment = next(l for l in media.splitlines() if l.startswith("seg_"))
path = f"/v/{video}/{rendition}/{segment}"
result = {"path": path, "origin": get(direct, path)}
pop = connect(pop_url)
result["first_healthz"] = get(pop, "/healthz")
result["healthz"] = get(pop, "/healthz")
result["cold"] = get(pop, path)
result["warm"] = get(pop, path)
for value in result.values():
    if isinstance(value, dict):
        value.pop("body")
print(json.dumps(result))
"""


def alive(pid):
    """True while `pid` runs (a zombie has ended)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def requirements():
    """The fleet's binaries dir; raises naming what is missing."""
    for name, package in (("ip", "iproute2"), ("nft", "nftables"),
                          ("redis-server", "redis-server"), ("ffmpeg", "ffmpeg"),
                          ("perl", "perl"), ("curl", "curl")):
        tool(name, package)
    edged = built("EDGED")
    bin_dir = os.path.dirname(edged)
    for var in ("ORIGIND", "CONTROLD", "DELAYPROXY"):
        if os.path.dirname(built(var)) != bin_dir:
            raise AssertionError(f"{var} is not beside edged in {bin_dir}")
    return bin_dir


class FleetTest(unittest.TestCase):
    maxDiff = 4000

    @classmethod
    def setUpClass(cls):
        if os.geteuid() != 0:
            raise unittest.SkipTest("needs root: network namespaces and nftables rules")
        cls.bin_dir = requirements()
        cls.instance = f"t{os.getpid() % 100000}"
        cls.prefix = f"{layout.PREFIX}-{cls.instance}-"
        cls.work = tempfile.mkdtemp(prefix="deploy-it-fleet-")
        # Whatever happens, nothing of the fleet outlives the test.
        cls.addClassCleanup(subprocess.run, [sys.executable, FLEET, "--instance", cls.instance,
                                             "down"], capture_output=True, timeout=120)
        if not os.environ.get("DEPLOY_IT_KEEP"):
            cls.addClassCleanup(shutil.rmtree, cls.work, True)

    def fleet(self, *args, timeout=180):
        return subprocess.run([sys.executable, FLEET, "--instance", self.instance, *args],
                              capture_output=True, text=True, timeout=timeout)

    def up(self, *args):
        start = time.monotonic()
        done = self.fleet("up", "--bin", self.bin_dir, "--work", self.work, *args)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        print(f"\n  up took {time.monotonic() - start:.1f}s", file=sys.stderr)
        with open(os.path.join(self.work, "fleet.json")) as f:
            return json.load(f), done.stdout

    def exec(self, host, *command):
        done = self.fleet("exec", host, "--", *command, timeout=60)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        return done.stdout

    def status_line(self, viewer, url):
        """`viewer`'s GET of `url` (no redirect followed): 'status location'."""
        return self.exec(viewer, "curl", "-sS", "-o", "/dev/null", "-w",
                         "%{http_code} %{redirect_url}", url).strip()

    def check_fleet(self, state):
        pops = {pop["name"]: pop for pop in state["pops"]}
        video = state["videos"][0]
        master = f"/v/{video}/master.m3u8"
        for viewer in state["viewers"]:
            own = pops[viewer["pop"]]
            for other in pops.values():
                answer = self.status_line(viewer["name"], other["url"] + master)
                if other is own:
                    self.assertEqual(answer, "200", viewer["name"])
                else:
                    self.assertEqual(answer, f"302 {own['url']}{master}?edge_redirect="
                                     f"{other['name']}", viewer["name"])
        self.check_links(state, state["viewers"][0], pops[state["viewers"][0]["pop"]], video)
        self.check_control(state)

    def check_links(self, state, viewer, pop, video):
        probe = json.loads(self.exec(viewer["name"], "python3", "-c", PROBE, state["origin"],
                                     pop["url"], video))
        origin, cold, warm = probe["origin"], probe["cold"], probe["warm"]
        self.assertEqual(origin["status"], 200)
        self.assertGreater(origin["size"], 0)
        for fetch in (cold, warm):
            self.assertEqual((fetch["status"], fetch["sha256"]), (200, origin["sha256"]))
        # Nothing warms a PoP while the origin's feeds are empty: the first fetch is a miss.
        self.assertEqual((cold["x_cache"], warm["x_cache"]), ("MISS", "HIT"))
        rtt = probe["healthz"]["seconds"]
        extra = cold["seconds"] - warm["seconds"]
        print(f"  {viewer['name']} -> {pop['name']}: one request on a kept-alive connection "
              f"{rtt * 1000:.1f} ms, first one with the handshake "
              f"{probe['first_healthz']['seconds'] * 1000:.1f} ms; {probe['path']} cold "
              f"{cold['seconds'] * 1000:.1f} ms, hit {warm['seconds'] * 1000:.1f} ms "
              f"(+{extra * 1000:.1f} ms)", file=sys.stderr)
        self.assertGreaterEqual(rtt, VIEWER_EDGE_RTT)
        # The miss pays the origin's round trip on top of the viewer's; against the hit alone it
        # would be a difference of two timings, which a slow hit could shrink.
        self.assertGreaterEqual(cold["seconds"], VIEWER_EDGE_RTT + EDGE_ORIGIN_RTT)
        self.assertGreaterEqual(warm["seconds"], VIEWER_EDGE_RTT)
        # The edge saw the viewer's own address, not the proxy's.
        with open(pop["access_log"]) as f:
            peers = {json.loads(line)["peer"].rsplit(":", 1)[0] for line in f if line.strip()}
        self.assertIn(viewer["address"], peers)

    def check_control(self, state):
        body = self.exec("control", "curl", "-sS", "--fail", state["control"] + "/api/pops")
        pops = {pop["name"]: pop for pop in json.loads(body)["pops"]}
        self.assertEqual(sorted(pops), sorted(pop["name"] for pop in state["pops"]))
        for name, pop in pops.items():
            self.assertTrue(pop["edges"], name)
            for edge in pop["edges"]:
                self.assertTrue(edge["healthy"] and edge["checked_at"], (name, edge))

    def assertNothingLeft(self, pids=()):
        listing = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True,
                                 check=True).stdout
        self.assertNotIn(self.prefix, listing)
        for pid in pids:
            self.assertFalse(alive(pid), f"process {pid} of the fleet is still running")
        for entry in os.listdir("/proc"):
            if not entry.isdigit() or int(entry) == os.getpid():
                continue
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    cmdline = f.read().replace(b"\0", b" ").decode("utf-8", "replace")
            except OSError:
                continue
            self.assertNotIn(self.work, cmdline, f"process {entry} of the fleet remains")

    def down(self, state):
        done = self.fleet("down", timeout=120)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertNotIn("killed", done.stdout)
        self.assertNothingLeft(state["pids"].values())
        # Every daemon stopped on SIGTERM without a sanitizer's report.
        for name in os.listdir(state["logs"]):
            with open(os.path.join(state["logs"], name), errors="replace") as f:
                self.assertNotIn("Sanitizer", f.read(), name)

    def test_1_up_check_down_twice_and_up_over_a_running_fleet(self):
        for round_number in (1, 2):
            with self.subTest(round=round_number):
                state, printed = self.up()
                for name in ("viewer-de", "viewer-us", "viewer-jp", "logs:"):
                    self.assertIn(name, printed)
                self.assertEqual(self.fleet("status").returncode, 0)
                self.check_fleet(state)
                if round_number == 2:
                    # An `up` over a running instance first removes all of it.
                    again, _ = self.up()
                    for pid in set(state["pids"].values()) - set(again["pids"].values()):
                        self.assertFalse(alive(pid), f"process {pid} of the first up remains")
                    self.check_control(again)
                    state = again
                self.down(state)
                self.assertEqual(self.fleet("status").returncode, 3)

    def test_2_a_failed_up_leaves_nothing(self):
        broken = tempfile.mkdtemp(prefix="deploy-it-fleet-bin-")
        self.addCleanup(shutil.rmtree, broken, True)
        for name in ("origind", "controld", "delayproxy"):
            os.symlink(os.path.join(self.bin_dir, name), os.path.join(broken, name))
        with open(os.path.join(broken, "edged"), "w") as f:
            f.write("#!/bin/sh\necho 'edged: this one cannot start' >&2\nexit 1\n")
        os.chmod(os.path.join(broken, "edged"), 0o755)
        done = self.fleet("up", "--bin", broken, "--work", self.work, "--clips", "1")
        self.assertEqual(done.returncode, 1, done.stdout + done.stderr)
        self.assertIn("tearing down", done.stdout)
        self.assertIn("edged: this one cannot start", done.stdout)
        self.assertNothingLeft()

    def test_3_ctrl_c_during_up_leaves_nothing(self):
        process = subprocess.Popen([sys.executable, FLEET, "--instance", self.instance, "up",
                                    "--bin", self.bin_dir, "--work", self.work, "--clips", "1"],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        output = []
        for line in process.stdout:
            output.append(line)
            if "[4/5]" in line:
                process.send_signal(signal.SIGINT)
                break
        rest, _ = process.communicate(timeout=120)
        output.append(rest)
        self.assertEqual(process.returncode, 130, "".join(output))
        self.assertIn("tearing down", "".join(output))
        self.assertNothingLeft()


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    unittest.main(verbosity=2)
