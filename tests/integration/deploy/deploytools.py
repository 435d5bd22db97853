# What the deploy tests share: the repository's deploy/ folder, the binaries under test (ctest
# passes them in the environment, as the edge tests' tools do) and external programs.
import os
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
DEPLOY = os.path.join(REPO, "deploy")
sys.path.insert(0, os.path.join(REPO, "tests", "integration", "edge"))

from edgeharness.tools import MissingTool, built  # noqa: E402,F401
from edgeharness.tools import tool as find_tool  # noqa: E402


def tool(name, package):
    """An external program (edgeharness's lookup); a missing one names its Debian package."""
    try:
        return find_tool(name)
    except MissingTool as error:
        raise MissingTool(f"{error} (Debian package {package})") from None


def daemons():
    """{binary name: path} of the three daemons under test."""
    return {name: built(name.upper()) for name in ("edged", "origind", "controld")}
