# Child processes of a test: started with their output in the test's temp dir, killed with the
# kernel's help if the test process dies (PR_SET_PDEATHSIG), and always stopped by cleanup.
import atexit
import ctypes
import os
import signal
import socket
import subprocess
import time

_PR_SET_PDEATHSIG = 1
_libc = ctypes.CDLL(None, use_errno=True)
# Started and not yet stopped: stopped at exit, whatever way the test process ends.
_live = set()


def _die_with_parent():
    _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def free_port():
    """A port that was free a moment ago; a caller that binds it later must retry on EADDRINUSE."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, timeout, interval=0.05, what="condition"):
    """Polls `predicate` until it returns a true value, which is returned; raises on timeout.

    Timeouts here only bound how long a broken run hangs; no test asserts a duration."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(interval)


def can_connect(port, host="127.0.0.1"):
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def tail(path, lines=30):
    try:
        with open(path, "rb") as f:
            return b"".join(f.readlines()[-lines:]).decode("utf-8", "replace")
    except OSError:
        return ""


def rss_kib(pid):
    """Resident set size of `pid` in KiB, from /proc/<pid>/status."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


class Process:
    """One child process with stdout and stderr in files under `workdir`."""

    def __init__(self, name, argv, workdir, env=None):
        self.name = name
        self.argv = list(argv)
        self.workdir = workdir
        self.stdout_path = os.path.join(workdir, f"{name}.stdout")
        self.stderr_path = os.path.join(workdir, f"{name}.stderr")
        self.proc = None
        self.env = env

    def start(self):
        with open(self.stdout_path, "ab") as out, open(self.stderr_path, "ab") as err:
            self.proc = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL, stdout=out,
                                         stderr=err, cwd=self.workdir, env=self.env,
                                         start_new_session=True, preexec_fn=_die_with_parent)
        _live.add(self)
        return self

    @property
    def pid(self):
        return self.proc.pid

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def send_signal(self, sig):
        if self.running():
            self.proc.send_signal(sig)

    def wait(self, timeout):
        """The exit status; raises subprocess.TimeoutExpired if still running after `timeout`."""
        return self.proc.wait(timeout=timeout)

    def stop(self, sig=signal.SIGTERM, grace=10):
        """Signals the process group, then kills it if it is still there after `grace` s."""
        if self.proc is None:
            return None
        _live.discard(self)
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        # Whatever is left of the group (nginx workers) goes too.
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if self.proc.poll() is None:
            self.proc.wait(timeout=10)
        return self.proc.returncode

    def describe(self):
        return (f"--- {self.name} argv: {' '.join(self.argv)}\n"
                f"--- {self.name} stderr (tail):\n{tail(self.stderr_path)}")


@atexit.register
def _stop_all():
    for process in list(_live):
        process.stop(signal.SIGKILL, grace=5)


class Daemon:
    """A server of this project under test: started with `argv`, which binds port 0 and writes
    the port to `port_file`; stopped with SIGTERM, or killed (a crash)."""

    def __init__(self, workdir, name):
        self.workdir = workdir
        self.name = name
        self.port_file = os.path.join(workdir, f"{name}.port")
        self.log_path = os.path.join(workdir, f"{name}.log")
        self.process = None
        self.port = None

    def start_argv(self, argv, timeout):
        if os.path.exists(self.port_file):
            os.unlink(self.port_file)
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

    def running(self):
        return self.process is not None and self.process.running()

    def kill(self):
        """SIGKILL: a crash, with no chance to tidy up."""
        return self.process.stop(signal.SIGKILL, grace=10)

    def stop(self):
        if self.process is None:
            return None
        return self.process.stop(signal.SIGTERM, grace=20)

    def describe(self):
        return self.process.describe() + f"--- {self.name} log (tail):\n{tail(self.log_path)}"
