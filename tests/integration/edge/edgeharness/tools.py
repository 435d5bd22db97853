# Where the external programs are: an environment variable set by ctest (tests.cmake) wins,
# then PATH, then /usr/sbin (nginx lives there and is not on a normal user's PATH).
import os
import shutil

_INSTALL_HINT = "install the Debian packages with deploy/install-deps.sh test"


class MissingTool(RuntimeError):
    pass


def tool(name, env_var=None):
    """The path of program `name`; raises MissingTool naming the variable that sets it."""
    env_var = env_var or name.upper().replace("-", "_")
    given = os.environ.get(env_var)
    if given:
        if os.access(given, os.X_OK):
            return given
        raise MissingTool(f"{env_var}={given} is not an executable")
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if not found:
        raise MissingTool(f"{name} not found (set {env_var} or {_INSTALL_HINT})")
    return found


def built(var):
    """A binary of this project under test: ${var}, as ctest passes it."""
    path = os.environ.get(var)
    if not path or not os.access(path, os.X_OK):
        raise MissingTool(f"{var}={path!r}: set it to the built binary")
    return path


def edged():
    return built("EDGED")
