#!/usr/bin/env python3
# HTTP/1.1 on the wire: pipelined requests answered in order, and every kind of malformed
# request refused with its status, the connection closed, a counter moved and nothing reaching
# the origin (a request smuggled behind the bad one included). Methods other than GET and HEAD
# never reach the origin; slowloris meets the header read timeout.
import os
import socket
import time

from edgeharness import media, metrics, rawhttp
from edgeharness.case import EdgeTestCase, main
from edgeharness.origin import serve

REJECTED = "server_rejected_requests_total"
SMUGGLED = "/v/b1/smuggled"


def request(*lines, target="/v/b1/ok", end=b"\r\n"):
    head = f"GET {target} HTTP/1.1\r\n".encode("latin-1")
    for line in lines:
        head += (line if isinstance(line, bytes) else line.encode("latin-1")) + b"\r\n"
    return head + end


# (name, bytes, status, reasons the server may count it under)
BAD_REQUESTS = [
    ("content_length_with_transfer_encoding",
     request("Host: e.test", "Content-Length: 5", "Transfer-Encoding: chunked") + b"0\r\n\r\n",
     400, {"content_length_with_te"}),
    ("obs_fold", request("Host: e.test", "X-Folded: a", " b"), 400, {"obs_fold"}),
    ("space_before_colon", request("Host: e.test", "X-Space : b"), 400, {"space_before_colon"}),
    ("bare_cr_in_value", request("Host: e.test", b"X-Cr: a\rb"), 400,
     {"bare_cr", "bad_field_value"}),
    ("nul_in_value", request("Host: e.test", b"X-Nul: a\0b"), 400, {"bad_field_value"}),
    ("nul_in_name", request("Host: e.test", b"X-N\0ul: a"), 400, {"bad_field_name"}),
    ("missing_host", request("X-Only: 1"), 400, {"missing_host"}),
    ("two_hosts", request("Host: e.test", "Host: other.test"), 400, {"duplicate_host"}),
    ("request_line_too_long", request("Host: e.test", target="/v/b1/" + "a" * 10_000), 414,
     {"request_line_too_long"}),
    ("header_too_large",
     request("Host: e.test", *[f"X-Pad-{i}: {'p' * 1000}" for i in range(40)]), 431,
     {"header_too_large"}),
    ("too_many_fields", request("Host: e.test", *[f"X-F{i}: v" for i in range(150)]), 431,
     {"too_many_fields", "header_too_large"}),
    ("content_length_overflow",
     request("Host: e.test", "Content-Length: 99999999999999999999999"), 400,
     {"bad_content_length"}),
    ("two_different_content_lengths",
     request("Host: e.test", "Content-Length: 1", "Content-Length: 2") + b"xx", 400,
     {"bad_content_length"}),
    ("bare_lf", b"GET /v/b1/ok HTTP/1.1\nHost: e.test\n\n", 400, {"bare_lf"}),
    ("body_too_large",
     b"POST /v/b1/ok HTTP/1.1\r\nHost: e.test\r\nContent-Length: 2000000\r\n\r\n" + b"b" * 1000,
     413, {"body_too_large"}),
    ("chunked_not_last",
     request("Host: e.test", "Transfer-Encoding: chunked, gzip") + b"0\r\n\r\n", 400,
     {"bad_transfer_encoding"}),
    ("bad_chunk_size",
     b"POST /v/b1/ok HTTP/1.1\r\nHost: e.test\r\nTransfer-Encoding: chunked\r\n\r\n"
     b"zz\r\nabc\r\n0\r\n\r\n", 400, {"bad_chunk_size"}),
    ("control_char_in_target", b"GET /v/b1/o\x01k HTTP/1.1\r\nHost: e.test\r\n\r\n", 400,
     {"bad_request_target", "bad_request_line"}),
]


class PipeliningTest(EdgeTestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = os.path.join(cls.workdir(), "www")
        cls.sizes = {"tiny": 3, "small": 1000, "medium": 100_000, "large": 600_000}
        for i, (name, size) in enumerate(cls.sizes.items()):
            media.make_large_file(os.path.join(cls.root, "v", "p1", name), size, seed=i)
        cls.nginx = cls.start_nginx(cls.root)
        cls.edged = cls.start_edged([cls.nginx.url])

    def body(self, name):
        return media.read(self.root, f"v/p1/{name}")

    def test_pipelined_requests_are_answered_in_order(self):
        order = ["small", "large", "tiny", "small", "medium", "tiny", "large"]
        data = b"".join(rawhttp.get(f"/v/p1/{name}") for name in order)
        with rawhttp.Connection(self.edged.port) as conn:
            conn.send(data)  # one write: every request is in the server's first read
            for name in order:
                response = conn.read_response()
                self.assertEqual(response.status, 200, name)
                self.assertEqual(response.body, self.body(name), f"body of {name} out of order")

    def test_pipeline_with_head_and_close_at_the_end(self):
        data = (rawhttp.get("/v/p1/medium") +
                b"HEAD /v/p1/large HTTP/1.1\r\nHost: e.test\r\n\r\n" +
                rawhttp.get("/v/p1/tiny", extra=["Connection: close"]))
        with rawhttp.Connection(self.edged.port) as conn:
            conn.send(data)
            first = conn.read_response()
            self.assertEqual(first.body, self.body("medium"))
            head = conn.read_response("HEAD")
            self.assertEqual(head.status, 200)
            self.assertEqual(head.header("content-length"), str(self.sizes["large"]))
            self.assertEqual(head.body, b"")
            last = conn.read_response()
            self.assertEqual(last.body, self.body("tiny"))
            self.assertTrue(conn.closed_by_peer(), "connection open after Connection: close")

    def test_pipeline_split_across_writes(self):
        data = b"".join(rawhttp.get(f"/v/p1/{name}") for name in ["tiny", "small", "tiny"])
        with rawhttp.Connection(self.edged.port) as conn:
            conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            for i in range(0, len(data), 7):
                conn.send(data[i:i + 7])
            for name in ["tiny", "small", "tiny"]:
                self.assertEqual(conn.read_response().body, self.body(name))


class BadRequestTest(EdgeTestCase):
    @classmethod
    def setUpClass(cls):
        cls.origin = cls.start_origin()
        cls.origin.route("/v/b1/ok", serve(b"ok\n"))
        cls.origin.route(SMUGGLED, serve(b"smuggled\n"))
        cls.edged = cls.start_edged([cls.origin.url], args=["--header-timeout", "1s"])

    def test_each_bad_request_is_refused_and_counted(self):
        for name, data, status, reasons in BAD_REQUESTS:
            with self.subTest(case=name):
                seen_before = len(self.origin.requests())
                before = self.edged.metrics()
                # A well-formed request rides behind the bad one: it must never be served.
                response, closed = rawhttp.refused(self.edged.port, data,
                                                   probe=rawhttp.get(SMUGGLED))
                after = self.edged.metrics()
                self.assertEqual(response.status, status)
                self.assertTrue(closed, "connection left open after a bad request")
                moved = {r: metrics.delta(before, after, REJECTED, reason=r) for r in reasons}
                self.assertEqual(sum(moved.values()), 1, f"{REJECTED} by reason: {moved}")
                self.assertEqual(len(self.origin.requests()), seen_before,
                                 "a request reached the origin")
        self.assertEqual(self.origin.requests_for(SMUGGLED), [])
        self.assertNoMalformedRequests(self.origin)

    def test_good_request_still_reaches_the_origin(self):
        response = rawhttp.exchange(self.edged.port, rawhttp.get("/v/b1/ok"))
        self.assertEqual(response.status, 200)
        self.assertEqual(response.body, b"ok\n")
        self.assertTrue(self.origin.requests_for("/v/b1/ok"))
        self.assertNoMalformedRequests(self.origin)

    def test_methods_other_than_get_and_head_never_reach_the_origin(self):
        seen_before = len(self.origin.requests())
        before = self.edged.metrics()
        for method in ("POST", "PUT", "DELETE"):
            with self.subTest(method=method):
                response = rawhttp.exchange(self.edged.port, (
                    f"{method} /v/b1/ok HTTP/1.1\r\nHost: e.test\r\nContent-Length: 3\r\n\r\nabc"
                ).encode())
                self.assertEqual(response.status, 405)
        after = self.edged.metrics()
        self.assertEqual(
            metrics.delta(before, after, "edge_proxy_requests_total",
                          outcome="method_not_allowed"), 3)
        self.assertEqual(len(self.origin.requests()), seen_before)

    def test_slowloris_meets_the_header_read_timeout(self):
        before = self.edged.metrics()
        seen_before = len(self.origin.requests())
        with rawhttp.Connection(self.edged.port) as conn:
            conn.send(b"GET /v/b1/ok HTTP/1.1\r\nHost: e.test\r\n")
            closed = False
            # One field line every 0.2 s would go on for a minute; the 1 s header timeout
            # must end it long before (the bound only keeps a broken run from hanging).
            for i in range(300):
                try:
                    conn.send(f"X-Slow-{i}: v\r\n".encode())
                except (BrokenPipeError, ConnectionResetError):
                    closed = True
                    break
                if conn.closed_by_peer(timeout=0.2):
                    closed = True
                    break
                if conn.buffer:
                    break
            if not closed and conn.buffer:
                response = conn.read_response()
                self.assertEqual(response.status, 408)
                closed = conn.closed_by_peer()
        self.assertTrue(closed, "slow header never timed out")
        after = self.edged.metrics()
        self.assertGreaterEqual(
            metrics.delta(before, after, "server_timeouts_total", kind="header_read"), 1)
        self.assertEqual(len(self.origin.requests()), seen_before)

    def test_idle_keep_alive_connection_is_kept_within_the_timeout(self):
        with rawhttp.Connection(self.edged.port) as conn:
            conn.send(rawhttp.get("/v/b1/ok"))
            self.assertEqual(conn.read_response().status, 200)
            time.sleep(0.3)
            conn.send(rawhttp.get("/v/b1/ok"))
            self.assertEqual(conn.read_response().status, 200)


if __name__ == "__main__":
    main()
