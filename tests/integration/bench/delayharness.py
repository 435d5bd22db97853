# The harness of delayproxy's integration tests: the real binary on 127.0.0.1 with ports chosen
# at run time (its port file), scripted targets in threads, and clients that time and hash what
# crosses. Process handling and the metrics reader are the edge harness's
# (tests/integration/edge/edgeharness).
import hashlib
import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "edge"))

from edgeharness import metrics, tools  # noqa: E402
from edgeharness.case import ProcessTestCase, main  # noqa: E402,F401
from edgeharness.processes import Daemon, wait_until  # noqa: E402,F401


def binary():
    return tools.built("DELAYPROXY")


def payload(size, seed):
    """`size` bytes that differ by `seed`, made fast: a hash chain repeated."""
    block = b"".join(hashlib.sha256(f"{seed}:{i}".encode()).digest() for i in range(2048))
    return (block * (size // len(block) + 1))[:size]


def digest(data):
    return hashlib.sha256(data).hexdigest()


def read_all(sock):
    chunks = []
    while True:
        chunk = sock.recv(1 << 16)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


class DelayProxy(Daemon):
    """delayproxy with `routes` (LISTEN=TARGET), `transparent` routes (LISTEN) and `flags`; its
    route ports, in that order, and its metrics port come from its port file."""

    def __init__(self, workdir, routes, flags=(), name="delayproxy", transparent=()):
        super().__init__(workdir, name)
        self.routes = list(routes)
        self.transparent = list(transparent)
        self.flags = list(flags)
        self.ports = []
        self.metrics_port = None

    def start(self, timeout=30):
        argv = [binary(), "--port-file", self.port_file, "--log-file", self.log_path,
                "--metrics-listen", "127.0.0.1:0", *self.flags]
        for route in self.routes:
            argv += ["--route", route]
        for listen in self.transparent:
            argv += ["--transparent-route", listen]
        self.start_argv(argv, timeout)

        def all_ports():
            with open(self.port_file) as f:
                ports = [int(line) for line in f.read().split()]
            return ports if len(ports) == len(self.routes) + len(self.transparent) + 1 else None

        ports = wait_until(all_ports, timeout, what="every port in the port file")
        self.ports, self.metrics_port = ports[:-1], ports[-1]
        return self

    def scrape(self):
        return metrics.scrape(self.metrics_port)

    def connect(self, route=0, timeout=30):
        return socket.create_connection(("127.0.0.1", self.ports[route]), timeout=timeout)


class Target:
    """A TCP server on `host` and `port` (0: chosen at run time) that runs `handler(sock)` on a
    thread per connection and keeps what the handlers return, in order of completion."""

    def __init__(self, handler, host="127.0.0.1", port=0):
        self.handler = handler
        self.listener = socket.create_server((host, port))
        self.port = self.listener.getsockname()[1]
        self.results = []
        self.done = threading.Condition()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def address(self):
        return f"{self.listener.getsockname()[0]}:{self.port}"

    def _accept(self):
        while True:
            try:
                sock, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(sock,), daemon=True).start()

    def _serve(self, sock):
        with sock:
            try:
                result = self.handler(sock)
            except OSError as error:
                result = error
        with self.done:
            self.results.append(result)
            self.done.notify_all()

    def wait_results(self, count, timeout=60):
        with self.done:
            if not self.done.wait_for(lambda: len(self.results) >= count, timeout):
                raise TimeoutError(f"{len(self.results)} of {count} target connections ended")
            return list(self.results[:count])

    def close(self):
        self.listener.close()


def elapsed(action):
    """What `action()` returns and the seconds it took."""
    start = time.monotonic()
    result = action()
    return result, time.monotonic() - start
