# What the deploy tests share: the repository's deploy/ folder, the binaries under test (ctest
# passes them in the environment, as the edge tests' tools do) and external programs.
import os
import shutil

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
DEPLOY = os.path.join(REPO, "deploy")
INSTALL_HINT = "install the Debian packages with deploy/install-deps.sh test"


class MissingTool(RuntimeError):
    pass


def built(var):
    """A binary of this project: ${var}, as ctest passes it."""
    path = os.environ.get(var)
    if not path or not os.access(path, os.X_OK):
        raise MissingTool(f"{var}={path!r}: set it to the built binary")
    return path


def tool(name, package):
    """An external program: ${NAME} when set, else from PATH; raises naming its package."""
    var = name.upper().replace("-", "_")
    given = os.environ.get(var)
    if given:
        if os.access(given, os.X_OK):
            return given
        raise MissingTool(f"{var}={given} is not an executable")
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin:/usr/bin:/bin")
    if not found:
        raise MissingTool(f"{name} not found (Debian package {package}; {INSTALL_HINT})")
    return found


def daemons():
    """{binary name: path} of the three daemons under test."""
    return {name: built(name.upper()) for name in ("edged", "origind", "controld")}
