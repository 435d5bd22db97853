# origind under test: binds port 0 and reports it through --port-file; its data directory
# survives a restart so a test can stop and start the same origin.
import os
import signal

from edgeharness.processes import Process, free_port, tail, wait_until
from edgeharness.tools import MissingTool


def binary():
    """The origind binary under test: $ORIGIND, as ctest passes it."""
    path = os.environ.get("ORIGIND")
    if not path or not os.access(path, os.X_OK):
        raise MissingTool(f"ORIGIND={path!r}: set it to the built origind binary")
    return path


class Origind:
    def __init__(self, workdir, data_dir, *, args=(), name="origind"):
        self.workdir = workdir
        self.data_dir = data_dir
        self.name = name
        self.args = list(args)
        self.port_file = os.path.join(workdir, f"{name}.port")
        self.log_path = os.path.join(workdir, f"{name}.log")
        self.process = None
        self.port = None

    def start(self, timeout=30):
        if os.path.exists(self.port_file):
            os.unlink(self.port_file)
        argv = [binary(), "--listen", "127.0.0.1:0", "--port-file", self.port_file,
                "--data-dir", self.data_dir, "--log-file", self.log_path] + self.args
        if "--redis" not in self.args:
            # Never a Redis that happens to run on the default port: one nobody listens on.
            argv += ["--redis", f"redis://127.0.0.1:{free_port()}"]
        self.process = Process(self.name, argv, self.workdir).start()

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

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def running(self):
        return self.process is not None and self.process.running()

    def kill(self):
        """SIGKILL: a crash, with no chance to tidy up."""
        return self.process.stop(signal.SIGKILL, grace=10)

    def stop(self):
        if self.process is None:
            return None
        return self.process.stop(signal.SIGTERM, grace=20)

    def log_lines(self):
        try:
            with open(self.log_path) as f:
                return f.read().splitlines()
        except OSError:
            return []

    def describe(self):
        return (self.process.describe() + f"--- {self.name} log (tail):\n{tail(self.log_path)}")
