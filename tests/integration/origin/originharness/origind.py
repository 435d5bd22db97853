# origind under test: binds port 0 and reports it through --port-file; its data directory
# survives a restart so a test can stop and start the same origin.
from edgeharness.processes import Daemon, free_port
from edgeharness.tools import built


def binary():
    """The origind binary under test: $ORIGIND, as ctest passes it."""
    return built("ORIGIND")


class Origind(Daemon):
    def __init__(self, workdir, data_dir, *, args=(), name="origind"):
        super().__init__(workdir, name)
        self.data_dir = data_dir
        self.args = list(args)

    def start(self, timeout=30):
        argv = [binary(), "--listen", "127.0.0.1:0", "--port-file", self.port_file,
                "--data-dir", self.data_dir, "--log-file", self.log_path] + self.args
        if "--redis" not in self.args:
            # Never a Redis that happens to run on the default port: one nobody listens on.
            argv += ["--redis", f"redis://127.0.0.1:{free_port()}"]
        return self.start_argv(argv, timeout)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def log_lines(self):
        try:
            with open(self.log_path) as f:
                return f.read().splitlines()
        except OSError:
            return []
