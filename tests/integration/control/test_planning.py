#!/usr/bin/env python3
# controld against a real origind, redis-server and edged: it pulls the region feeds of a PoP's
# regions, plans, and pushes signed hints to the PoP's edges, which accept them and warm every
# planned video; /api/pops/{pop}/plan and controlctl show the plan with the region's videos.
# Draining a PoP through controlctl stops its planning, undraining resumes it; an unsigned,
# mis-signed or replayed drain is refused; a sick edge is marked dead and skipped, then revived.
import hashlib
import hmac
import http.client
import json
import signal
import time
import urllib.error
import urllib.request

from controlharness.case import SECRET, ControlTestCase, edge_url, main
from controlharness.controld import pops_toml
from controlharness.origin_world import start_origin_with_region_feed

from edgeharness import admin  # noqa: E402 (controlharness puts it on the path)
from edgeharness.processes import wait_until


class PlanningTest(ControlTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.redis = cls.start_redis()
        cls.origind, cls.videos = start_origin_with_region_feed(cls, cls.redis.url)
        origin = f"http://127.0.0.1:{cls.origind.port}"
        cls.edge = cls.start_edge(origin)
        cls.sick_edge = cls.start_edge(origin)
        toml = pops_toml(origin, SECRET,
                         [("eu-west", ["eu"], [edge_url(cls.edge)]),
                          ("lab", ["eu"], [edge_url(cls.sick_edge)])])
        cls.controld = cls.start_controld("controld", toml, cls.redis.url)

    def edge_hints(self):
        return admin.stats(self.edge.port)["prewarm"]["hints"]

    def edge_get(self, path):
        """The X-Cache of a viewer's GET of `path` at the edge."""
        conn = http.client.HTTPConnection("127.0.0.1", self.edge.port, timeout=30)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            self.assertEqual(response.status, 200, path)
            return response.getheader("X-Cache")
        finally:
            conn.close()

    def plan(self, pop="eu-west"):
        status, body = self.controld.get(f"/api/pops/{pop}/plan")
        return body if status == 200 else None

    def test_a_plan_of_the_regions_videos_is_pushed_signed_to_the_edge(self):
        plan = wait_until(self.plan, 30, what="a plan for eu-west")
        self.assertEqual(sorted({item["video"] for item in plan["items"]}), sorted(self.videos))
        self.assertGreater(plan["bytes"], 0)
        self.assertGreater(plan["expected_bytes_saved"], 0)
        hints = wait_until(lambda: admin.stats(self.edge.port)["prewarm"]["hints"], 30,
                           what="a hint at the edge")
        self.assertTrue(hints[0]["hint"].startswith("h-eu-west-"))
        self.assertEqual(hints[0]["items"], len(self.videos))
        self.assertFalse(self.edge.metrics().value("edge_prewarm_hints_total", result="unsigned"))
        # The edge warmed every planned video's first segment: no viewer asked, yet it is a hit.
        wait_until(lambda: self.edge_hints()[0]["queued"] <= self.edge_hints()[0]["fetched"], 30,
                   what="the edge to warm the hint")
        for item in plan["items"]:
            path = f"/v/{item['video']}/{item['rendition']}/seg_0.m4s"
            self.assertEqual(self.edge_get(path), "HIT", path)
        # What the edge acknowledged is held: later rounds push nothing new for it.
        wait_until(lambda: self.plan()["hint_items"] == 0, 30, what="a round with nothing new")
        self.assertEqual(len(self.edge_hints()), 1)
        shown = self.controld.ctl("plan", "eu-west")
        self.assertEqual(shown.returncode, 0, shown.stderr)
        for video in self.videos:
            self.assertIn(video, shown.stdout)
        metrics = self.controld.metrics()
        self.assertIn('control_hints_acked_total{pop="eu-west"} 1', metrics)
        self.assertIn("control_leader 1", metrics)

    def test_drain_stops_planning_for_the_pop_and_undrain_resumes_it(self):
        wait_until(self.plan, 30, what="a plan for eu-west")
        refused = self.controld.ctl("drain", "eu-west", secret="wrong")
        self.assertEqual(refused.returncode, 1)
        self.assertIn("401", refused.stderr)
        drained = self.controld.ctl("drain", "eu-west", secret=SECRET)
        self.assertEqual(drained.returncode, 0, drained.stderr)
        listed = self.controld.ctl("pops")
        self.assertRegex(listed.stdout, r"eu-west\s+drained")
        # A round that started before the drain may still finish; after it, the plan stands.
        wait_until(lambda: 'control_pop_rounds_total{pop="eu-west",result="drained"}'
                   in self.controld.metrics(), 30, what="a drained round")
        created = self.plan()["created_at"]
        rounds = self.rounds_of("lab")
        wait_until(lambda: self.rounds_of("lab") >= rounds + 2, 30, what="two more rounds")
        self.assertEqual(self.plan()["created_at"], created)
        undrained = self.controld.ctl("--json", "undrain", "eu-west", secret=SECRET)
        self.assertEqual(undrained.returncode, 0, undrained.stderr)
        self.assertIn('"drained": false', undrained.stdout)
        wait_until(lambda: self.plan()["created_at"] > created, 30, what="planning again")

    def rounds_of(self, pop):
        prefix = f'control_pop_rounds_total{{pop="{pop}",result="planned"}} '
        for line in self.controld.metrics().splitlines():
            if line.startswith(prefix):
                return int(line[len(prefix):])
        return 0

    def test_a_sick_edge_is_marked_dead_skipped_and_revived(self):
        # A stopped process still has its socket: health checks time out, as with a hung edge.
        self.sick_edge.signal(signal.SIGSTOP)
        self.addCleanup(self.sick_edge.signal, signal.SIGCONT)

        def dead():
            _, pops = self.controld.get("/api/pops")
            lab = [p for p in pops["pops"] if p["name"] == "lab"][0]
            return not lab["edges"][0]["healthy"]

        wait_until(dead, 30, what="the edge marked dead")
        self.assertIn("dead", self.controld.ctl("pops").stdout)
        self.sick_edge.signal(signal.SIGCONT)
        wait_until(lambda: not dead(), 30, what="the edge revived")
        messages = [line["msg"] for line in self.controld.log_lines()]
        self.assertIn("edge dead", messages)
        self.assertIn("edge healthy again", messages)

    def test_drain_requests_must_be_signed_for_what_they_ask(self):
        def post(path, body, secret=SECRET, signed=True):
            headers = {"Content-Type": "application/json"}
            if signed:
                timestamp = str(int(time.time()))
                headers["X-Edge-Timestamp"] = timestamp
                headers["X-Edge-Signature"] = hmac.new(
                    secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
            request = urllib.request.Request(self.controld.url + path, body, headers)
            try:
                with urllib.request.urlopen(request, timeout=10) as r:
                    return r.status, json.loads(r.read())
            except urllib.error.HTTPError as e:
                return e.code, json.loads(e.read())

        body = json.dumps({"pop": "lab", "action": "drain", "nonce": 1}).encode()
        self.assertEqual(post("/api/pops/lab/drain", body, signed=False),
                         (401, {"error": "signature refused: missing"}))
        # A signature covers the body: one made for "lab" does not drain "eu-west".
        status, answer = post("/api/pops/eu-west/drain", body)
        self.assertEqual(status, 400, answer)
        # That signature was verified, so it is spent; a fresh request drains.
        body = json.dumps({"pop": "lab", "action": "drain", "nonce": 3}).encode()
        status, answer = post("/api/pops/lab/drain", body)
        self.assertEqual((status, answer), (200, {"pop": "lab", "drained": True}))
        self.assertEqual(post("/api/pops/lab/drain", body)[0], 401)  # a replay
        undrain = json.dumps({"pop": "lab", "action": "undrain", "nonce": 2}).encode()
        self.assertEqual(post("/api/pops/lab/undrain", undrain)[0], 200)
        self.assertEqual(self.controld.get("/api/pops/lab/drain")[0], 405)

    def test_controlctl_usage_errors_exit_2(self):
        self.assertEqual(self.controld.ctl("plan").returncode, 2)
        self.assertEqual(self.controld.ctl("frobnicate").returncode, 2)
        self.assertEqual(self.controld.ctl("drain", "eu-west").returncode, 2)  # no secret
        missing = self.controld.ctl("plan", "nowhere")
        self.assertEqual(missing.returncode, 1)
        self.assertIn("no such PoP", missing.stderr)


if __name__ == "__main__":
    main()
