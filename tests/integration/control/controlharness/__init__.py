# The harness of controld's integration tests: real controld replicas, a real origind and a
# real redis-server on 127.0.0.1 with ports chosen at run time, controlctl, and an edge
# stand-in that checks the hints' signatures. Process handling is the edge's harness, origind
# and Redis the origin's (tests/integration/edge/edgeharness, tests/integration/origin).
import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(_here, "..", "..", "edge"))
sys.path.insert(0, os.path.join(_here, "..", "..", "origin"))
