# controld under test: an operator file written per replica, port 0 reported through
# --port-file, and its admin API read as JSON.
import json
import os
import signal
import subprocess
import urllib.error
import urllib.request

from edgeharness.processes import Process, tail, wait_until
from edgeharness.tools import MissingTool


def _binary(var):
    path = os.environ.get(var)
    if not path or not os.access(path, os.X_OK):
        raise MissingTool(f"{var}={path!r}: set it to the built binary")
    return path


def pops_toml(origin, secret, pops, extra=""):
    """The operator file: `pops` is a list of (name, regions, edge URLs)."""
    lines = [f'origin = "{origin}"', f'admin_secret = "{secret}"', extra]
    for name, regions, edges in pops:
        lines += ["[[pop]]", f'name = "{name}"', f"regions = {json.dumps(regions)}",
                  f"edges = {json.dumps(edges)}", 'budget_bytes = "64M"', "budget_objects = 500"]
    return "\n".join(lines) + "\n"


class Controld:
    def __init__(self, workdir, name, toml, redis_url, interval="1s", args=()):
        self.workdir = workdir
        self.name = name
        self.pops_path = os.path.join(workdir, f"{name}.toml")
        with open(self.pops_path, "w") as f:
            f.write(toml)
        self.port_file = os.path.join(workdir, f"{name}.port")
        self.log_path = os.path.join(workdir, f"{name}.log")
        self.argv = [_binary("CONTROLD"), "--pops", self.pops_path, "--redis", redis_url,
                     "--interval", interval, "--listen", "127.0.0.1:0", "--port-file",
                     self.port_file, "--log-file", self.log_path, "--id", name] + list(args)
        self.process = None
        self.port = None

    def start(self, timeout=30):
        if os.path.exists(self.port_file):
            os.unlink(self.port_file)
        self.process = Process(self.name, self.argv, self.workdir).start()

        def port_written():
            if not self.process.running():
                raise RuntimeError(f"{self.name} exited with {self.process.proc.returncode}\n"
                                   f"{self.describe()}")
            try:
                with open(self.port_file) as f:
                    return int(f.read().split()[0])
            except (OSError, ValueError, IndexError):
                return None

        self.port = wait_until(port_written, timeout, what=f"{self.name}'s port file")
        return self

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def get(self, path):
        """(status, body as JSON or text) of GET `path`."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as r:
                body = r.read().decode()
                status = r.status
        except urllib.error.HTTPError as e:
            body = e.read().decode()
            status = e.code
        try:
            return status, json.loads(body)
        except ValueError:
            return status, body

    def leading(self):
        status, body = self.get("/healthz")
        return status == 200 and body["leading"]

    def metrics(self):
        return self.get("/metrics")[1]

    def ctl(self, *args, secret=None):
        """controlctl against this replica; the CompletedProcess (text)."""
        argv = [_binary("CONTROLCTL"), "--controld", self.url]
        if secret is not None:
            argv += ["--secret", secret]
        return subprocess.run(argv + list(args), capture_output=True, text=True, timeout=30)

    def running(self):
        return self.process is not None and self.process.running()

    def kill(self):
        """SIGKILL: a crash; the leader lock stays until it expires."""
        return self.process.stop(signal.SIGKILL, grace=10)

    def stop(self):
        if self.process is None:
            return None
        return self.process.stop(signal.SIGTERM, grace=20)

    def log_lines(self):
        try:
            with open(self.log_path) as f:
                return [json.loads(line) for line in f if line.strip()]
        except OSError:
            return []

    def describe(self):
        return self.process.describe() + f"--- {self.name} log (tail):\n{tail(self.log_path)}"
