# The harness of origind's integration tests: real origind processes on 127.0.0.1 with ports
# chosen at run time, clips made with ffmpeg, and a small HTTP client. Process handling and
# tool lookup are shared with the edge's harness (tests/integration/edge/edgeharness).
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "edge"))
