#!/usr/bin/env python3
# Signals: SIGHUP reloads certificates (new connections get the new one, an open connection goes
# on working, a broken file keeps the running one) and the log level, and names every other
# changed setting as needing a restart; SIGTERM stops accepting, lets an in-flight
# response finish, and exits 0; past the shutdown deadline what is left is cut off.
import json
import os
import shutil
import signal
import subprocess
import threading

from edgeharness import certs, rawhttp
from edgeharness.case import EdgeTestCase, main
from edgeharness.origin import gated_body, serve
from edgeharness.processes import can_connect, wait_until

NAME = "edge-a.test"


class CertificateReloadTest(EdgeTestCase):
    @classmethod
    def setUpClass(cls):
        cls.origin = cls.start_origin()
        cls.origin.route("/v/l1/ok", serve(b"ok\n"))
        live = os.path.join(cls.workdir(), "live")
        os.makedirs(live)
        cls.first = certs.make_cert(NAME, cls.workdir())
        cls.cert = os.path.join(live, "edge.crt")
        cls.key = os.path.join(live, "edge.key")
        shutil.copy(cls.first[0], cls.cert)
        shutil.copy(cls.first[1], cls.key)
        cls.edged = cls.start_edged([cls.origin.url], certs=[(cls.cert, cls.key)])

    def replace_files(self, cert, key):
        # Key first: a reload between the two renames sees a mismatched pair and must keep
        # the running certificate.
        for source, target in ((key, self.key), (cert, self.cert)):
            shutil.copy(source, target + ".new")
            os.replace(target + ".new", target)

    def request_on(self, conn):
        conn.send(rawhttp.get("/v/l1/ok"))
        response = conn.read_response()
        return response.status, response.body

    def test_sighup_serves_the_new_certificate_and_keeps_old_connections(self):
        old_der = certs.served_der(self.edged.tls_port, NAME)
        self.assertEqual(old_der, certs.der_of(self.cert))
        tls = certs.connect(self.edged.tls_port, NAME)
        old = rawhttp.Connection(sock=tls)
        plain = rawhttp.Connection(self.edged.port)
        try:
            self.assertEqual(self.request_on(old), (200, b"ok\n"))
            self.assertEqual(self.request_on(plain), (200, b"ok\n"))
            second_dir = os.path.join(self.workdir(), "second")
            os.makedirs(second_dir)
            second = certs.make_cert(NAME, second_dir)
            new_der = certs.der_of(second[0])
            self.assertNotEqual(new_der, old_der)
            self.replace_files(*second)
            self.edged.signal(signal.SIGHUP)
            wait_until(lambda: certs.served_der(self.edged.tls_port, NAME) == new_der, 20,
                       interval=0.2, what="the new certificate on new connections")
            self.assertEqual(old.sock.getpeercert(binary_form=True), old_der)
            self.assertEqual(self.request_on(old), (200, b"ok\n"))
            self.assertEqual(self.request_on(plain), (200, b"ok\n"))
        finally:
            old.close()
            plain.close()
        self.assertTrue(self.edged.running())

    def test_sighup_with_a_broken_certificate_keeps_the_running_one(self):
        running = certs.served_der(self.edged.tls_port, NAME)
        broken = os.path.join(self.workdir(), "broken.crt")
        with open(broken, "w") as f:
            f.write("-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n")
        saved = (self.cert + ".saved", self.key + ".saved")
        shutil.copy(self.cert, saved[0])
        shutil.copy(self.key, saved[1])
        shutil.copy(broken, self.cert)
        reloads = self.reload_lines()
        try:
            self.edged.signal(signal.SIGHUP)
            # Either way the reload is logged: wait for its line, then compare.
            wait_until(lambda: self.reload_lines() > reloads, 20, interval=0.2,
                       what="edged to log the reload")
            self.assertTrue(self.edged.running(), "edged died on a broken certificate")
            self.assertEqual(certs.served_der(self.edged.tls_port, NAME), running)
            with rawhttp.Connection(sock=certs.connect(self.edged.tls_port, NAME)) as conn:
                self.assertEqual(self.request_on(conn), (200, b"ok\n"))
        finally:
            shutil.copy(saved[0], self.cert)
            shutil.copy(saved[1], self.key)

    def reload_lines(self):
        with open(self.edged.log_path) as f:
            return sum(1 for line in f if "reload" in line)


class ConfigReloadTest(EdgeTestCase):
    def write_config(self, level, idle_timeout, memory_size):
        with open(self.config, "w") as f:
            f.write(f'[log]\nlevel = "{level}"\n[server]\nidle_timeout = "{idle_timeout}"\n'
                    f'[cache]\nmemory_size = "{memory_size}"\n')

    def reloads(self):
        with open(self.edged.log_path) as f:
            lines = [json.loads(line) for line in f if line.startswith("{")]
        return [line for line in lines if line.get("msg") == "reloaded"]

    def test_sighup_applies_the_log_level_and_names_what_needs_a_restart(self):
        origin = self.start_origin()
        origin.route("/v/r1/ok", serve(b"ok\n"))
        self.config = os.path.join(self.workdir(), "reload.toml")
        self.write_config("warn", "60s", "64M")
        self.edged = self.start_edged([origin.url], name="edged-reload",
                                      args=["--config", self.config])
        self.write_config("info", "30s", "32M")
        self.edged.signal(signal.SIGHUP)
        wait_until(lambda: self.reloads(), 20, interval=0.2, what="edged to log the reload")
        reload = self.reloads()[-1]
        # At level warn an info line is dropped: that the line is there shows the new level.
        self.assertEqual(reload["log_level"], "info")
        self.assertEqual(sorted(reload["needs_restart"]), ["cache", "timeouts"])
        status = self.curl("-o", "/dev/null", "-w", "%{http_code}",
                           f"http://127.0.0.1:{self.edged.port}/v/r1/ok")
        self.assertEqual(status.stdout, b"200")


class GracefulStopTest(EdgeTestCase):
    def start_gated(self, deadline):
        origin = self.start_origin()
        gate = threading.Event()
        self.addCleanup(gate.set)
        origin.route("/v/g1/slow", gated_body(b"F" * 5000, b"R" * 5000, gate))
        edged = self.start_edged([origin.url], name=f"edged-{deadline}",
                                 args=["--shutdown-timeout", deadline])
        conn = rawhttp.Connection(edged.port)
        self.addCleanup(conn.close)
        conn.send(rawhttp.get("/v/g1/slow"))
        _, status, _, _ = conn.read_head()
        self.assertEqual(status, 200)
        self.assertEqual(conn.read_exactly(5000), b"F" * 5000)
        return edged, gate, conn

    def test_sigterm_finishes_the_in_flight_response_and_exits_0(self):
        edged, gate, conn = self.start_gated("20s")
        idle = rawhttp.Connection(edged.port)
        self.addCleanup(idle.close)
        edged.signal(signal.SIGTERM)
        # The response is held by the origin, so edged cannot have finished: it must already
        # refuse new connections.
        wait_until(lambda: not can_connect(edged.port), 10, interval=0.1,
                   what="edged to stop accepting")
        self.assertTrue(edged.running())
        gate.set()
        self.assertEqual(conn.read_exactly(5000), b"R" * 5000)
        try:
            status = edged.wait(30)
        except subprocess.TimeoutExpired:
            self.fail("edged still running after its in-flight response ended")
        self.assertEqual(status, 0)
        self.assertTrue(idle.closed_by_peer(), "idle connection not closed")

    def test_sigterm_past_the_deadline_cuts_off_and_exits_0(self):
        edged, gate, conn = self.start_gated("1s")
        edged.signal(signal.SIGTERM)
        try:
            status = edged.wait(30)
        except subprocess.TimeoutExpired:
            self.fail("edged ignored its shutdown deadline")
        self.assertEqual(status, 0)
        received, closed = conn.drain_until_close()
        self.assertTrue(closed)
        self.assertLess(len(received), 5000, "the held-back half arrived anyway")


if __name__ == "__main__":
    main()
