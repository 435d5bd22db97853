# The base of origind's test classes: a private temp dir removed at the end, origind
# processes stopped by class cleanup, and the clips every class shares.
import os
import shutil
import signal
import sys
import tempfile
import unittest

from .client import Client
from .origind import Origind


class OriginTestCase(unittest.TestCase):
    maxDiff = 4000

    @classmethod
    def workdir(cls):
        if "_workdir" not in cls.__dict__:
            cls._workdir = tempfile.mkdtemp(prefix=f"origin-it-{cls.__name__}-")
            if not os.environ.get("ORIGIN_IT_KEEP"):
                cls.addClassCleanup(shutil.rmtree, cls._workdir, True)
        return cls._workdir

    @classmethod
    def start_origind(cls, name="origind", data_dir=None, args=()):
        data_dir = data_dir or os.path.join(cls.workdir(), f"{name}-data")
        origind = Origind(cls.workdir(), data_dir, args=args, name=name)
        cls.addClassCleanup(origind.stop)
        origind.start()
        return origind, Client(origind.port)


def main():
    """Runs the tests of the calling script; SIGTERM (ctest's timeout) still cleans up."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    unittest.main(verbosity=2)
