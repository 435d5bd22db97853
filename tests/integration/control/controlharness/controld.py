# controld under test: an operator file written per replica, port 0 reported through
# --port-file, and its admin API read as JSON.
import json
import os
import subprocess
import urllib.error
import urllib.request

from edgeharness.processes import Daemon
from edgeharness.tools import built


def pops_toml(origin, secret, pops, extra=""):
    """The operator file: `pops` is a list of (name, regions, edge URLs)."""
    lines = [f'origin = "{origin}"', f'admin_secret = "{secret}"', extra]
    for name, regions, edges in pops:
        lines += ["[[pop]]", f'name = "{name}"', f"regions = {json.dumps(regions)}",
                  f"edges = {json.dumps(edges)}", 'budget_bytes = "64M"', "budget_objects = 500"]
    return "\n".join(lines) + "\n"


class Controld(Daemon):
    def __init__(self, workdir, name, toml, redis_url, interval="1s", args=()):
        super().__init__(workdir, name)
        self.pops_path = os.path.join(workdir, f"{name}.toml")
        with open(self.pops_path, "w") as f:
            f.write(toml)
        self.argv = [built("CONTROLD"), "--pops", self.pops_path, "--redis", redis_url,
                     "--interval", interval, "--listen", "127.0.0.1:0", "--port-file",
                     self.port_file, "--log-file", self.log_path, "--id", name] + list(args)

    def start(self, timeout=30):
        return self.start_argv(self.argv, timeout)

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
        argv = [built("CONTROLCTL"), "--controld", self.url]
        if secret is not None:
            argv += ["--secret", secret]
        return subprocess.run(argv + list(args), capture_output=True, text=True, timeout=30)

    def log_lines(self):
        try:
            with open(self.log_path) as f:
                return [json.loads(line) for line in f if line.strip()]
        except OSError:
            return []
