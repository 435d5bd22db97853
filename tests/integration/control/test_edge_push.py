#!/usr/bin/env python3
# controld pushing to a real edged in front of a real origind: the signed hint is accepted,
# the edge warms the planned first segments from the origin, and its /_edge/stats reports the
# hint by the id controld gave it; the viewer's first segment is then a hit. Hints that are
# unsigned, signed with another secret, expired or replayed are refused there and counted.
import http.client
import json
import time

from controlharness.case import SECRET, ControlTestCase, edge_url, main
from controlharness.controld import pops_toml
from controlharness.origin_world import start_origin_with_region_feed

from edgeharness import admin  # noqa: E402 (controlharness puts it on the path)
from edgeharness.processes import wait_until


class EdgePushTest(ControlTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.redis = cls.start_redis()
        cls.origind, cls.videos = start_origin_with_region_feed(cls, cls.redis.url)
        origin = f"http://127.0.0.1:{cls.origind.port}"
        cls.edged = cls.start_edge(origin)
        toml = pops_toml(origin, SECRET, [("eu-west", ["eu"], [edge_url(cls.edged)])])
        cls.controld = cls.start_controld("controld", toml, cls.redis.url)

    def test_the_edge_reports_the_hint_and_serves_its_segments_as_hits(self):
        def plan():
            status, body = self.controld.get("/api/pops/eu-west/plan")
            return body if status == 200 and body["acked"] else None

        plan = wait_until(plan, 60, what="a plan the edge acknowledged")
        self.assertEqual(plan["failed"], [])

        def warmed():
            for report in admin.stats(self.edged.port)["prewarm"]["hints"]:
                if report["hint"] == plan["hint"] and report["fetched"] > 0:
                    return report
            return None

        report = wait_until(warmed, 60, what="the edge to warm the hint")
        self.assertEqual(report["failed"], 0, report)
        first = plan["items"][0]
        conn = http.client.HTTPConnection("127.0.0.1", self.edged.port, timeout=30)
        try:
            path = f"/v/{first['video']}/{first['rendition']}/seg_0.m4s"

            def hit():
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                return response.status == 200 and response.getheader("X-Cache") == "HIT"

            wait_until(hit, 30, what=f"{path} to be a hit")
        finally:
            conn.close()
        self.assertIn('control_hints_acked_total{pop="eu-west"}', self.controld.metrics())

    def test_hints_not_from_the_control_plane_are_refused_and_counted(self):
        before = self.edged.metrics().value("edge_prewarm_hints_total", result="unsigned") or 0
        body = json.dumps({"hint": "h-intruder", "expires_at": int(time.time()) + 60,
                           "items": [{"video": self.videos[0], "renditions": ["360p"],
                                      "segments": 1, "priority": 1.0}]}).encode()
        conn = http.client.HTTPConnection("127.0.0.1", self.edged.port, timeout=30)
        try:
            conn.request("POST", "/_edge/prewarm", body, {"Content-Type": "application/json"})
            unsigned = conn.getresponse()
            unsigned.read()
        finally:
            conn.close()
        self.assertEqual(unsigned.status, 401)
        wrong = admin.signed_post(self.edged.port, "/_edge/prewarm", body, "not-the-" + SECRET)
        self.assertEqual(wrong.status, 401)
        expired = admin.signed_post(self.edged.port, "/_edge/prewarm", body, SECRET,
                                    when=int(time.time()) - 600)
        self.assertEqual(expired.status, 401)
        when = int(time.time())
        self.assertEqual(admin.signed_post(self.edged.port, "/_edge/prewarm", body, SECRET,
                                           when=when).status, 202)
        replayed = admin.signed_post(self.edged.port, "/_edge/prewarm", body, SECRET, when=when)
        self.assertEqual(replayed.status, 401)
        self.assertEqual(json.loads(replayed.body)["reason"], "replayed")
        after = self.edged.metrics_once(
            lambda m: (m.value("edge_prewarm_hints_total", result="unsigned") or 0) >= before + 4)
        self.assertEqual(after.value("edge_prewarm_hints_total", result="unsigned") - before, 4)


if __name__ == "__main__":
    main()
