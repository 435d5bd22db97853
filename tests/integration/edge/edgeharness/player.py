# A real player for the tests that need one: hls.js (npm) in headless Debian Chromium, driven by
# the scripts in tests/integration/player (play.mjs plays a master playlist; steer.mjs plays one
# and follows content steering). The folder with its npm packages is set up once per build tree.
import os
import shutil
import subprocess
import tempfile

PLAYER_SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "player")
PLAYER_FILES = ("package.json", "package-lock.json", "browser.mjs", "play.mjs", "steer.mjs",
                "player.html")


def _read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def prepare_player(npm):
    """The player folder with its npm packages: $PLAYER_DIR (under the build tree when ctest
    runs), installed by `npm ci` only when the lock file changed or node_modules is not there,
    so a second run needs no network."""
    folder = os.environ.get("PLAYER_DIR") or os.path.join(tempfile.gettempdir(),
                                                          "swipecdn-player")
    os.makedirs(folder, exist_ok=True)
    lock = _read(os.path.join(PLAYER_SOURCE, "package-lock.json"))
    installed = _read(os.path.join(folder, "package-lock.json"))
    modules = os.path.join(folder, "node_modules")
    wanted = [os.path.join(modules, "hls.js", "dist", "hls.min.js"),
              os.path.join(modules, "playwright-core", "package.json")]
    for name in PLAYER_FILES:
        shutil.copyfile(os.path.join(PLAYER_SOURCE, name), os.path.join(folder, name))
    if installed != lock or not all(os.path.exists(path) for path in wanted):
        # No package runs an install script: nothing may download a browser of its own.
        env = dict(os.environ, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD="1")
        result = subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
                                cwd=folder, env=env, capture_output=True, text=True, timeout=600)
        if result.returncode != 0:
            raise RuntimeError(f"npm ci in {folder} failed:\n{result.stdout}\n{result.stderr}")
    return folder
