# The base of controld's test classes: the edge harness's private temp dir per class, and the
# processes it starts (redis-server, controld, edged) stopped by class cleanup.
import itertools
import os

from edgeharness.case import ProcessTestCase, main  # noqa: F401 (main is this module's too)
from edgeharness.edged import Edged
from originharness.redis import RedisServer

from .controld import Controld

SECRET = "control-integration-secret"


class ControlTestCase(ProcessTestCase):
    WORKDIR_PREFIX = "control-it"
    KEEP_ENV = "CONTROL_IT_KEEP"

    @classmethod
    def start_redis(cls):
        redis = RedisServer(cls.workdir())
        cls.addClassCleanup(redis.kill)
        return redis.start()

    @classmethod
    def start_controld(cls, name, toml, redis_url, interval="1s", args=()):
        controld = Controld(cls.workdir(), name, toml, redis_url, interval=interval, args=args)
        cls.addClassCleanup(controld.stop)
        return controld.start()

    _edges = itertools.count()

    @classmethod
    def start_edge(cls, origin_url):
        """A real edged in front of `origin_url`, with an empty disk cache and the admin secret
        controld signs with; its admin base URL is `edge_url(edged)`."""
        name = f"edged{next(cls._edges)}"
        edged = Edged(cls.workdir(), [origin_url], workers=1, pop=name, name=name,
                      args=["--cache-dir", os.path.join(cls.workdir(), f"{name}-cache"),
                            "--cache-size", "64M", "--admin-secret", SECRET])
        cls.addClassCleanup(edged.stop)
        return edged.start()


def edge_url(edged):
    return f"http://127.0.0.1:{edged.port}"
