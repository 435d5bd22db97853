# The base of controld's test classes: the edge harness's private temp dir per class, and the
# processes and stand-ins it starts stopped by class cleanup.
from edgeharness.case import ProcessTestCase, main  # noqa: F401 (main is this module's too)
from originharness.redis import RedisServer

from .controld import Controld
from .edge_standin import EdgeStandIn

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

    @classmethod
    def start_edge(cls):
        edge = EdgeStandIn(SECRET)
        cls.addClassCleanup(edge.stop)
        return edge.start()
