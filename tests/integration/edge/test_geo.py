#!/usr/bin/env python3
# Geo routing between PoPs, each an edged on its own loopback port, with a MaxMind DB written for
# the test that places viewers by their source address (127.0.x.y in Germany, 127.1.x.y in the
# US, 127.2.x.y in Japan, which no PoP serves; 127.3.x.y nowhere): a viewer's master playlist is
# redirected to its PoP or carries content steering, the steering manifest follows PoPs that
# drain, stop and come back, and hls.js in headless Chromium follows it from one PoP to another.
import http.client
import json
import os
import re
import subprocess
import sys
import time

from edgeharness import admin, tools
from edgeharness.case import EdgeTestCase, main
from edgeharness.media import make_hls_clip
from edgeharness.player import prepare_player
from edgeharness.processes import free_port, wait_until

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "support", "geo"))
from test_mmdb import make_test_mmdb  # noqa: E402

SECRET = "geo-routing-integration-secret"
GERMANY, USA, JAPAN, NOWHERE = "127.0.0.1", "127.1.0.5", "127.2.0.5", "127.3.0.5"
TRUSTED_PROXY = "127.0.0.9"
MASTER = "/v/clip/master.m3u8"


def get(port, path, source=GERMANY, headers=None):
    """GET from `source` (a local address the geo database places somewhere)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20, source_address=(source, 0))
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def steering(port, source=GERMANY, query=""):
    status, _, body = get(port, "/_edge/steer?video=clip" + query, source)
    assert status == 200, (status, body)
    return json.loads(body)


def fleet_file(workdir, ports):
    """The fleet as every edge sees it: eu (DE, EU) and us (US, NA)."""
    path = os.path.join(workdir, "fleet.toml")
    with open(path, "w") as f:
        f.write('[[geo.region]]\nname = "eu"\ncountries = ["DE"]\ncontinents = ["EU"]\n'
                '[[geo.region]]\nname = "us"\ncountries = ["US"]\ncontinents = ["NA"]\n')
        for name, port in ports.items():
            f.write(f'[[geo.pop]]\nname = "{name}"\nregions = ["{name}"]\n'
                    f'url = "http://127.0.0.1:{port}"\n')
    return path


class Fleet(EdgeTestCase):
    """Two PoPs, eu and us, in front of one nginx serving a clip, with `POLICY`."""
    POLICY = "local"
    SECONDS = 6

    @classmethod
    def setUpClass(cls):
        root = os.path.join(cls.workdir(), "root")
        make_hls_clip(root, "clip", seconds=cls.SECONDS)
        with open(os.path.join(root, "v", "clip", "master.m3u8"), "rb") as f:
            cls.original_master = f.read()
        nginx = cls.start_nginx(root)
        cls.nginx_url = nginx.url
        cls.db = make_test_mmdb(os.path.join(cls.workdir(), "geo.mmdb"),
                                ["127.0.0.0/16=DE/EU", "127.1.0.0/16=US/NA",
                                 "127.2.0.0/16=JP/AS"])
        cls.ports = {"eu": free_port(), "us": free_port()}
        cls.fleet = fleet_file(cls.workdir(), cls.ports)
        cls.edges = {name: cls.start_pop(name, nginx.url) for name in cls.ports}

    @classmethod
    def start_pop(cls, name, origin):
        return cls.start_edged([origin], pop=name, name=f"edged-{name}",
                               listen=f"127.0.0.1:{cls.ports[name]}",
                               args=["--config", cls.fleet, "--geo-db", cls.db,
                                     "--geo-policy", cls.POLICY, "--admin-secret", SECRET,
                                     "--pop-health-interval", "200ms",
                                     "--pop-health-failures", "2", "--steering-ttl", "1s",
                                     "--trusted-proxies", TRUSTED_PROXY])

    def port(self, name):
        return self.ports[name]

    def url(self, name, path=""):
        return f"http://127.0.0.1:{self.ports[name]}{path}"

    def drain(self, name, on=True):
        body = json.dumps({"pop": name, "draining": on}).encode()
        response = admin.signed_post(self.port(name), "/_edge/drain", body, SECRET)
        self.assertEqual(response.status, 200, response.body)
        self.assertEqual(json.loads(response.body)["draining"], on)

    def wait_state(self, seen_by, pop, state):
        """Until `seen_by`'s health checks report `pop` in `state`."""
        edge = self.edges[seen_by]
        wait_until(lambda: edge.metrics().value("edge_pop_state", pop=pop, state=state) == 1,
                   20, what=f"{seen_by} to see {pop} {state}")


class RedirectTest(Fleet):
    POLICY = "redirect"

    def test_a_viewer_of_another_pop_is_redirected_there_once(self):
        status, headers, _ = get(self.port("eu"), MASTER + "?session=7", USA)
        self.assertEqual(status, 302)
        self.assertEqual(headers["location"],
                         self.url("us", MASTER + "?session=7&edge_redirect=eu"))
        self.assertIn("private", headers["cache-control"])
        # Where it lands, it is served, whatever that PoP's database would say.
        status, _, body = get(self.port("us"), MASTER + "?edge_redirect=eu", GERMANY)
        self.assertEqual(status, 200)
        self.assertEqual(body, self.original_master)

    def test_local_unknown_and_unserved_viewers_are_served_here(self):
        for source in (GERMANY, NOWHERE):
            status, _, body = get(self.port("eu"), MASTER, source)
            self.assertEqual((status, body), (200, self.original_master), source)
        # Japan is in Asia, which no PoP serves: every PoP is as far, and this one is here.
        self.assertEqual(get(self.port("us"), MASTER, JAPAN)[0], 200)

    def test_only_master_playlists_are_redirected(self):
        for path in ("/v/clip/360p/index.m3u8", "/v/clip/360p/seg_0.m4s"):
            self.assertEqual(get(self.port("eu"), path, USA)[0], 200, path)

    def test_forwarded_for_counts_only_from_a_trusted_proxy(self):
        via_proxy = get(self.port("eu"), MASTER, TRUSTED_PROXY, {"X-Forwarded-For": USA})
        self.assertEqual(via_proxy[0], 302)
        spoofed = get(self.port("eu"), MASTER, "127.0.0.7", {"X-Forwarded-For": USA})
        self.assertEqual(spoofed[0], 200)
        forwarded = get(self.port("eu"), MASTER, TRUSTED_PROXY, {"Forwarded": f"for={USA}"})
        self.assertEqual(forwarded[0], 302)

    def test_a_drained_pop_gets_no_redirects_and_says_so(self):
        before = self.edges["eu"].metrics().value("edge_geo_master_requests_total",
                                                  decision="redirect")
        try:
            self.drain("us")
            status, _, body = get(self.port("us"), "/healthz")
            self.assertEqual(status, 503)
            self.assertEqual(json.loads(body)["status"], "draining")
            self.wait_state("eu", "us", "draining")
            self.assertEqual(get(self.port("eu"), MASTER, USA)[0], 200)
        finally:
            self.drain("us", on=False)
        self.assertEqual(get(self.port("us"), "/healthz")[0], 200)
        self.wait_state("eu", "us", "up")
        self.assertEqual(get(self.port("eu"), MASTER, USA)[0], 302)
        after = self.edges["eu"].metrics().value("edge_geo_master_requests_total",
                                                 decision="redirect")
        self.assertEqual(after - before, 1)

    def test_drain_needs_a_signature_and_a_state(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port("eu"), timeout=10)
        conn.request("POST", "/_edge/drain", body=b'{"draining": true}')
        self.assertEqual(conn.getresponse().status, 401)
        conn.close()
        for body in (b"", b"[]", b'{"draining": "yes"}', b"{", b'{"draining": true}',
                     b'{"pop": "us", "draining": true}'):
            response = admin.signed_post(self.port("eu"), "/_edge/drain", body, SECRET)
            self.assertEqual(response.status, 400, body)
        self.assertEqual(get(self.port("eu"), "/healthz")[0], 200)


class DatabaseLifecycleTest(Fleet):
    """The database file is missing at start, appears, is corrupted in place, then deleted: no
    request ever fails, and routing follows the last good database."""
    POLICY = "redirect"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.missing = os.path.join(cls.workdir(), "later.mmdb")
        cls.edges["eu"].stop()
        cls.edges["eu"] = cls.start_edged(
            [cls.nginx_url], pop="eu", name="edged-eu-late", listen=f"127.0.0.1:{cls.ports['eu']}",
            args=["--config", cls.fleet, "--geo-db", cls.missing, "--geo-policy", "redirect",
                  "--geo-reload-interval", "100ms", "--trusted-proxies", TRUSTED_PROXY])

    def loaded(self):
        return self.edges["eu"].metrics().value("edge_geo_database_loaded")

    def test_missing_then_good_then_corrupt_then_gone(self):
        edge = self.edges["eu"]
        self.assertEqual(self.loaded(), 0)
        # Without a database every viewer is served here.
        self.assertEqual(get(self.port("eu"), MASTER, USA)[0], 200)
        with open(self.db, "rb") as f:
            good = f.read()
        with open(self.missing + ".tmp", "wb") as f:
            f.write(good)
        os.rename(self.missing + ".tmp", self.missing)
        wait_until(lambda: self.loaded() == 1, 20, what="the database to load")
        self.assertEqual(get(self.port("eu"), MASTER, USA)[0], 302)
        errors = edge.metrics().value("edge_geo_reloads_total", result="error")
        # Rewritten in place with garbage of another size: the private copy in use is untouched.
        with open(self.missing, "r+b") as f:
            f.truncate(100)
            f.seek(0)
            f.write(b"\xab" * 100)
        wait_until(lambda: edge.metrics().value("edge_geo_reloads_total", result="error")
                   > errors, 20, what="the corrupt file to be refused")
        self.assertEqual(self.loaded(), 1)
        for _ in range(20):
            self.assertEqual(get(self.port("eu"), MASTER, USA)[0], 302)
        os.unlink(self.missing)
        time.sleep(0.5)
        self.assertEqual(get(self.port("eu"), MASTER, USA)[0], 302)
        self.assertEqual(get(self.port("eu"), MASTER, GERMANY)[0], 200)
        with open(edge.log_path) as f:
            log = f.read()
        self.assertIn("geo database not reloaded, keeping the one in use", log)


class SteeringTest(Fleet):
    POLICY = "steer"

    def test_master_carries_one_pathway_per_pop_best_first(self):
        status, headers, body = get(self.port("eu"), MASTER, USA)
        self.assertEqual(status, 200)
        text = body.decode()
        self.assertIn('#EXT-X-CONTENT-STEERING:SERVER-URI="/_edge/steer?video=clip",'
                      'PATHWAY-ID="us"', text)
        uris = [line for line in text.splitlines() if line and not line.startswith("#")]
        self.assertEqual(uris, [self.url("us", "/v/clip/360p/index.m3u8"),
                                self.url("eu", "/v/clip/360p/index.m3u8")])
        self.assertEqual(len(re.findall(r"PATHWAY-ID=", text)), 3)
        self.assertIn("no-cache", headers["cache-control"])
        self.assertNotIn("etag", headers)
        # A German viewer gets eu first; the written playlist passes the manifest validator.
        body = get(self.port("eu"), MASTER, GERMANY)[2].decode()
        self.assertIn('PATHWAY-ID="eu"\n', body)
        path = os.path.join(self.workdir(), "steered.m3u8")
        with open(path, "w") as f:
            f.write(body)
        check = subprocess.run([tools.built("M3U8"), "check", path],
                               capture_output=True, text=True, timeout=30)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)

    def test_head_of_a_steered_master_says_what_get_would(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port("eu"), timeout=20)
        try:
            conn.request("HEAD", MASTER)
            response = conn.getresponse()
            response.read()
            headers = {k.lower(): v for k, v in response.getheaders()}
        finally:
            conn.close()
        self.assertEqual(response.status, 200)
        self.assertNotIn("etag", headers)
        self.assertEqual(headers["cache-control"], "private, no-cache")
        # Not the origin's length: the steered body is another one.
        self.assertNotEqual(headers.get("content-length"), str(len(self.original_master)))

    def test_a_conditional_or_range_request_gets_the_whole_steered_master(self):
        _, headers, plain = get(self.port("eu"), MASTER, GERMANY)
        status, _, body = get(self.port("eu"), MASTER, GERMANY,
                              {"Range": "bytes=0-10", "If-None-Match": '"x"'})
        self.assertEqual((status, body), (200, plain))

    def test_steering_manifest_follows_drains_stops_and_returns(self):
        doc = steering(self.port("eu"))
        self.assertEqual(doc["VERSION"], 1)
        self.assertEqual(doc["TTL"], 1)
        self.assertEqual(doc["RELOAD-URI"], "/_edge/steer?video=clip")
        self.assertEqual(doc["PATHWAY-PRIORITY"], ["eu", "us"])
        self.assertEqual(steering(self.port("eu"), USA)["PATHWAY-PRIORITY"], ["us", "eu"])
        try:
            self.drain("eu")
            self.assertEqual(steering(self.port("eu"))["PATHWAY-PRIORITY"], ["us"])
            self.wait_state("us", "eu", "draining")
            self.assertEqual(steering(self.port("us"))["PATHWAY-PRIORITY"], ["us"])
        finally:
            self.drain("eu", on=False)
        self.assertEqual(steering(self.port("eu"))["PATHWAY-PRIORITY"], ["eu", "us"])

        self.edges["us"].stop()
        self.wait_state("eu", "us", "down")
        self.assertEqual(steering(self.port("eu"), USA)["PATHWAY-PRIORITY"], ["eu"])
        self.edges["us"].start()
        self.wait_state("eu", "us", "up")
        self.assertEqual(steering(self.port("eu"), USA)["PATHWAY-PRIORITY"], ["us", "eu"])

    def test_player_reports_are_honoured(self):
        doc = steering(self.port("eu"), GERMANY, "&_HLS_pathway=us&_HLS_throughput=9000000")
        self.assertEqual(doc["PATHWAY-PRIORITY"], ["eu", "us"])  # us is not as near: no stickiness
        self.assertEqual(get(self.port("eu"), "/_edge/steer?video=a%22b")[0], 400)
        self.assertEqual(get(self.port("eu"), "/_edge/steer")[0], 400)

    def test_geo_metrics(self):
        steering(self.port("eu"))
        samples = self.edges["eu"].metrics()
        self.assertEqual(samples.value("edge_geo_database_loaded"), 1)
        self.assertGreater(samples.value("edge_geo_lookups_total", result="found"), 0)
        self.assertGreater(samples.value("edge_steering_manifests_total"), 0)


class SteeringPlayerTest(Fleet):
    """hls.js plays from eu, eu drains, and the player moves to us by the steering manifest."""
    POLICY = "steer"
    SECONDS = 40

    def test_hls_js_follows_the_steering_manifest_to_another_pop(self):
        chromium, node = tools.tool("chromium"), tools.tool("node")
        player = prepare_player(tools.tool("npm"))
        profile = os.path.join(self.workdir(), "chromium-profile")
        page_origin = self.url("eu")
        run = subprocess.Popen([node, os.path.join(player, "steer.mjs"), page_origin,
                                self.url("eu", MASTER), self.url("us", "/v/clip/"), chromium,
                                profile, "60"], cwd=player, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            playing = json.loads(run.stdout.readline() or "{}")
            self.assertEqual(playing.get("step"), "playing", run.stderr.read() if not playing else
                             playing)
            self.assertEqual(playing["pathway"], "eu", playing)
            self.drain("eu")
            run.stdin.write("go\n")
            run.stdin.flush()
            done = json.loads(run.stdout.readline() or "{}")
            run.wait(timeout=60)
        finally:
            if run.poll() is None:
                run.kill()
            self.drain("eu", on=False)
        report = done.get("player", {})
        detail = json.dumps({k: v for k, v in done.items() if k != "requests"}, indent=1)[:6000]
        self.assertIsNone(report.get("fatal"), detail)
        self.assertEqual(done["steering"]["pathway"], "us", detail)
        moved = [f for f in report["fragments"]
                 if f["type"] == "main" and f["url"].startswith(self.url("us", "/v/clip/"))]
        self.assertTrue(moved, detail)
        steered = [r for r in done["requests"] if "/_edge/steer?video=clip" in r["url"]]
        self.assertTrue(any("_HLS_pathway=eu" in r["url"] for r in steered), detail)
        self.assertGreater(report["video"]["currentTime"], 1, detail)
        # us served the segments hls.js asked of it.
        with open(self.edges["us"].access_log_path) as f:
            self.assertIn("/v/clip/360p/seg_", f.read())
        main_fragments = [f["url"].split("/", 3)[2] + " " + f["url"].rsplit("/", 1)[1]
                          for f in report["fragments"] if f["type"] == "main"]
        print(f"\nhls.js {report['hlsVersion']}: segments {', '.join(main_fragments)}; "
              f"steering {done['steering']}", flush=True)


if __name__ == "__main__":
    main()
