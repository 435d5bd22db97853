# The base of origind's test classes: the edge harness's private temp dir per class, and
# origind processes stopped by class cleanup.
import os

from edgeharness.case import ProcessTestCase, main  # noqa: F401 (main is this module's too)

from .client import Client
from .origind import Origind


class OriginTestCase(ProcessTestCase):
    WORKDIR_PREFIX = "origin-it"
    KEEP_ENV = "ORIGIN_IT_KEEP"

    @classmethod
    def start_origind(cls, name="origind", data_dir=None, args=()):
        data_dir = data_dir or os.path.join(cls.workdir(), f"{name}-data")
        origind = Origind(cls.workdir(), data_dir, args=args, name=name)
        cls.addClassCleanup(origind.stop)
        origind.start()
        return origind, Client(origind.port)
