# edged under test: binds port 0 on 127.0.0.1 and reports its ports through --port-file.
import os
import signal
import time

from . import metrics, tools
from .processes import Process, rss_kib, tail, wait_until


class Edged:
    """One edged process. `origins` are base URLs; `certs` are (cert, key) pairs, the first
    being the SNI default; `args` are further flags; `listen` is its cleartext address (port 0:
    any free one)."""

    def __init__(self, workdir, origins, *, certs=(), workers=2, pop="itest", args=(),
                 name="edged", listen="127.0.0.1:0"):
        self.workdir = workdir
        self.name = name
        self.port_file = os.path.join(workdir, f"{name}.ports")
        self.log_path = os.path.join(workdir, f"{name}.log")
        self.access_log_path = os.path.join(workdir, f"{name}.access.log")
        self.pop = pop
        argv = [tools.edged(), "--listen", listen, "--port-file", self.port_file,
                "--workers", str(workers), "--pop", pop, "--log-file", self.log_path,
                "--access-log", self.access_log_path]
        if origins:
            argv += ["--origin", ",".join(origins)]
        if certs:
            argv += ["--tls-listen", "127.0.0.1:0"]
            for cert, key in certs:
                argv += ["--cert", cert, "--key", key]
        argv += list(args)
        self.tls = bool(certs)
        self.process = Process(name, argv, workdir)
        self.port = None
        self.tls_port = None

    def start(self, timeout=20):
        if os.path.exists(self.port_file):
            os.unlink(self.port_file)
        self.process.start()

        def ports_written():
            if not self.process.running():
                raise RuntimeError(f"{self.name} exited with {self.process.proc.returncode}\n"
                                   f"{self.describe()}")
            try:
                with open(self.port_file) as f:
                    ports = [int(line) for line in f.read().split()]
            except (OSError, ValueError):
                return None
            return ports if len(ports) == (2 if self.tls else 1) else None

        ports = wait_until(ports_written, timeout, what=f"{self.name}'s port file")
        self.port = ports[0]
        if self.tls:
            self.tls_port = ports[1]
        return self

    @property
    def pid(self):
        return self.process.pid

    def url(self, path, tls=False, host="127.0.0.1"):
        if tls:
            return f"https://{host}:{self.tls_port}{path}"
        return f"http://{host}:{self.port}{path}"

    def metrics(self):
        """The parsed /metrics exposition (see metrics.parse)."""
        return metrics.scrape(self.port)

    def metrics_once(self, moved, timeout=10):
        """Scrapes until `moved(samples)` is true or `timeout` passes; returns the last scrape.
        Counters move on the worker threads, possibly just after a client saw its response."""
        deadline = time.monotonic() + timeout
        while True:
            samples = self.metrics()
            if moved(samples) or time.monotonic() > deadline:
                return samples
            time.sleep(0.05)

    def rss_kib(self):
        return rss_kib(self.pid)

    def running(self):
        return self.process.running()

    def signal(self, sig):
        self.process.send_signal(sig)

    def wait(self, timeout):
        return self.process.wait(timeout)

    def stop(self):
        return self.process.stop(signal.SIGTERM, grace=15)

    def describe(self):
        return (self.process.describe() + f"--- {self.name} log (tail):\n{tail(self.log_path)}")
