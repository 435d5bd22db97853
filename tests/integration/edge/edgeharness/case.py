# The base of every edge test class (and, through ProcessTestCase, of origind's): a private
# temp dir, processes started through it and stopped by class cleanup (even when set-up fails
# half way), and the client tools.
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

from . import tools
from .edged import Edged
from .nginx import StaticNginx
from .origin import ScriptedOrigin


class ProcessTestCase(unittest.TestCase):
    """A class's private temp dir, removed by class cleanup unless KEEP_ENV is set."""
    maxDiff = 4000
    WORKDIR_PREFIX = "it"
    KEEP_ENV = "IT_KEEP"

    @classmethod
    def workdir(cls):
        if "_workdir" not in cls.__dict__:
            cls._workdir = tempfile.mkdtemp(prefix=f"{cls.WORKDIR_PREFIX}-{cls.__name__}-")
            if not os.environ.get(cls.KEEP_ENV):
                cls.addClassCleanup(shutil.rmtree, cls._workdir, True)
        return cls._workdir


class EdgeTestCase(ProcessTestCase):
    WORKDIR_PREFIX = "edge-it"
    KEEP_ENV = "EDGE_IT_KEEP"

    @classmethod
    def start_edged(cls, origins, **kwargs):
        edged = Edged(cls.workdir(), origins, **kwargs)
        cls.addClassCleanup(edged.stop)
        return edged.start()

    @classmethod
    def start_nginx(cls, root, name="nginx"):
        nginx = StaticNginx(cls.workdir(), root, name=name)
        cls.addClassCleanup(nginx.stop)
        return nginx.start()

    @classmethod
    def start_origin(cls):
        origin = ScriptedOrigin()
        cls.addClassCleanup(origin.stop)
        return origin.start()

    def curl(self, *args, timeout=60):
        """Runs curl quietly with `args`; returns the CompletedProcess (stdout as bytes)."""
        argv = [tools.tool("curl"), "--silent", "--show-error", "--max-time", "30"] + list(args)
        return subprocess.run(argv, capture_output=True, timeout=timeout)

    def assertNoMalformedRequests(self, origin, prefixes=("/v/",)):
        for request in origin.requests():
            self.assertEqual(request.problems(prefixes), [],
                             f"malformed request reached the origin: {request.raw_head!r}")


def main():
    """Runs the tests of the calling script; SIGTERM (ctest's timeout) still cleans up."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    unittest.main(verbosity=2)
