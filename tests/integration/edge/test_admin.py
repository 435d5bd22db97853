#!/usr/bin/env python3
# Operating edged: /healthz, /metrics (a strictly parsed Prometheus exposition whose counters
# follow the requests made through the proxy), the JSON access log with the CMCD keys a player
# sent, and the command line's --version and bad-flag exit status.
import json
import os
import subprocess
import urllib.parse
import urllib.request

from edgeharness import media, metrics, tools
from edgeharness.case import EdgeTestCase, main
from edgeharness.processes import wait_until


class AdminTest(EdgeTestCase):
    @classmethod
    def setUpClass(cls):
        root = os.path.join(cls.workdir(), "www")
        media.make_large_file(os.path.join(root, "v", "a1", "small.bin"), 1000)
        cls.nginx = cls.start_nginx(root)
        cls.edged = cls.start_edged([cls.nginx.url])

    def test_healthz_answers_200(self):
        with urllib.request.urlopen(self.edged.url("/healthz"), timeout=10) as response:
            self.assertEqual(response.status, 200)
            body = response.read()
        self.assertTrue(body, "empty /healthz body")
        if response.headers.get_content_type() == "application/json":
            json.loads(body)

    def test_healthz_over_h2c(self):
        result = self.curl("--http2-prior-knowledge", "-o", os.devnull, "-w",
                           "%{http_code} %{http_version}", self.edged.url("/healthz"))
        self.assertEqual(result.stdout.decode(), "200 2", result.stderr)

    def test_metrics_is_prometheus_text(self):
        with urllib.request.urlopen(self.edged.url("/metrics"), timeout=10) as response:
            self.assertEqual(response.status, 200)
            content_type = response.headers.get("Content-Type", "")
            text = response.read().decode("utf-8")
        self.assertTrue(content_type.startswith("text/plain"), content_type)
        parsed = metrics.parse(text)  # raises on any line that is not a comment or a sample
        self.assertTrue(parsed.samples)
        for name in parsed.names():
            family = name
            for suffix in ("_bucket", "_sum", "_count"):
                if name.endswith(suffix) and name[:-len(suffix)] in parsed.types:
                    family = name[:-len(suffix)]
            self.assertIn(family, parsed.types, f"{name} has no # TYPE line")

    def test_counters_follow_proxied_requests(self):
        before = self.edged.metrics()
        for _ in range(3):
            with urllib.request.urlopen(self.edged.url("/v/a1/small.bin"), timeout=10) as r:
                self.assertEqual(r.status, 200)
                r.read()
        result = self.curl("--http2-prior-knowledge", "-o", os.devnull, "-w", "%{http_code}",
                           self.edged.url("/v/a1/small.bin"))
        self.assertEqual(result.stdout, b"200", result.stderr)
        after = self.edged.metrics_once(
            lambda m: metrics.delta(before, m, "edge_proxy_requests_total", outcome="complete") >= 4
            and metrics.delta(before, m, "server_requests_total", code="200") >= 4)
        self.assertGreaterEqual(
            metrics.delta(before, after, "server_requests_total", protocol="http1", code="200"), 3)
        self.assertGreaterEqual(
            metrics.delta(before, after, "server_requests_total", protocol="http2", code="200"), 1)
        self.assertGreaterEqual(
            metrics.delta(before, after, "server_request_duration_seconds_count",
                          protocol="http1"), 3)
        self.assertGreaterEqual(metrics.delta(before, after, "server_sent_bytes_total"), 4000)
        self.assertGreaterEqual(metrics.delta(before, after, "upstream_requests_total"), 1)
        self.assertGreaterEqual(
            metrics.delta(before, after, "edge_proxy_requests_total", outcome="complete"), 4)

    def test_access_log_carries_the_cmcd_keys(self):
        query = "CMCD=" + urllib.parse.quote('br=3200,bl=21300,sid="6e2fb550",ot=v')
        with urllib.request.urlopen(self.edged.url(f"/v/a1/small.bin?{query}"), timeout=10) as r:
            r.read()
        result = self.curl("--http2-prior-knowledge", "-o", os.devnull,
                           "-H", "CMCD-Request: bl=900", "-H", 'CMCD-Session: sid="h2-session"',
                           self.edged.url("/v/a1/small.bin?from=headers"))
        self.assertEqual(result.returncode, 0, result.stderr)

        def logged():
            lines = {}
            with open(self.edged.access_log_path) as f:
                for line in f:
                    entry = json.loads(line)
                    lines[entry.get("query", "")] = entry
            by_query = [e for q, e in lines.items() if "CMCD" in q]
            by_header = lines.get("from=headers")
            return (by_query[0], by_header) if by_query and by_header else None

        by_query, by_header = wait_until(logged, 20, interval=0.1,
                                         what="both requests in the access log")
        cmcd = by_query["cmcd"]
        self.assertEqual(str(cmcd.get("br")), "3200", by_query)
        self.assertEqual(str(cmcd.get("bl")), "21300", by_query)
        self.assertEqual(cmcd.get("sid"), "6e2fb550", by_query)
        self.assertEqual(by_query["status"], 200)
        self.assertEqual(by_query["path"], "/v/a1/small.bin")
        cmcd = by_header["cmcd"]
        self.assertEqual(str(cmcd.get("bl")), "900", by_header)
        self.assertEqual(cmcd.get("sid"), "h2-session", by_header)

    def test_histogram_buckets_are_cumulative(self):
        parsed = self.edged.metrics()
        buckets = {}
        for (name, labels), value in parsed.samples.items():
            if name == "server_request_duration_seconds_bucket":
                rest = tuple(kv for kv in labels if kv[0] != "le")
                le = dict(labels)["le"]
                buckets.setdefault(rest, []).append((float(le), value))
        self.assertTrue(buckets, "no server_request_duration_seconds buckets")
        for rest, series in buckets.items():
            series.sort()
            values = [v for _, v in series]
            self.assertEqual(values, sorted(values), f"buckets of {rest} not cumulative")
            self.assertEqual(series[-1][0], float("inf"))
            count = parsed.value("server_request_duration_seconds_count", **dict(rest))
            self.assertEqual(series[-1][1], count)

    def test_version_and_bad_flag(self):
        version = subprocess.run([tools.edged(), "--version"], capture_output=True, timeout=10)
        self.assertEqual(version.returncode, 0)
        self.assertTrue(version.stdout.startswith(b"edged "), version.stdout)
        bad = subprocess.run([tools.edged(), "--cache-size", "10X"], capture_output=True,
                             timeout=10)
        self.assertEqual(bad.returncode, 2)
        self.assertIn(b"--cache-size", bad.stderr)

    def test_check_config_reads_everything_and_starts_nothing(self):
        example = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..",
                               "deploy", "edged.toml")
        good = subprocess.run([tools.edged(), "--check-config", "--config", example],
                              capture_output=True, timeout=10)
        self.assertEqual((good.returncode, good.stdout), (0, b"ok\n"), good.stderr)
        bad = subprocess.run([tools.edged(), "--check-config", "--config", example,
                              "--geo-policy", "nearest"], capture_output=True, timeout=10)
        self.assertEqual(bad.returncode, 2)
        self.assertIn(b"--geo-policy", bad.stderr)
        missing_cert = subprocess.run([tools.edged(), "--check-config", "--config", example,
                                       "--tls-listen", "127.0.0.1:0", "--cert", "nowhere.pem",
                                       "--key", "nowhere.key"], capture_output=True, timeout=10)
        self.assertEqual(missing_cert.returncode, 2)
        self.assertIn(b"nowhere.pem", missing_cert.stderr)


if __name__ == "__main__":
    main()
