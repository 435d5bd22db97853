# nginx from Debian as a static origin: a generated nginx.conf (foreground, pid, logs and temp
# files in the test's dir) listening on a port picked free, retried if another process took it.
import os

from . import tools
from .processes import Process, can_connect, free_port, tail, wait_until

_CONF = """\
daemon off;
master_process on;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/nginx.error.log warn;
{user}
events {{ worker_connections 1024; }}
http {{
  access_log {dir}/nginx.access.log;
  client_body_temp_path {dir}/tmp/body;
  proxy_temp_path {dir}/tmp/proxy;
  fastcgi_temp_path {dir}/tmp/fastcgi;
  uwsgi_temp_path {dir}/tmp/uwsgi;
  scgi_temp_path {dir}/tmp/scgi;
  types {{
    application/vnd.apple.mpegurl m3u8;
    video/iso.segment m4s;
    video/mp4 mp4;
  }}
  default_type application/octet-stream;
  sendfile on;
  keepalive_requests 10000;
  server {{
    listen 127.0.0.1:{port};
    root {root};
  }}
}}
"""


def _user_line():
    # Started as root, nginx would switch its workers to "nobody", who cannot read the test's
    # private temp dir: keep them as the current user instead.
    if os.geteuid() != 0:
        return ""
    return "user root root;"


class StaticNginx:
    """nginx serving the files under `root` at http://127.0.0.1:port/."""

    def __init__(self, workdir, root, name="nginx"):
        self.dir = os.path.join(workdir, name)
        os.makedirs(os.path.join(self.dir, "tmp"), exist_ok=True)
        self.root = root
        self.name = name
        self.port = None
        self.process = None

    def start(self, attempts=5):
        for _ in range(attempts):
            port = free_port()
            conf = os.path.join(self.dir, "nginx.conf")
            with open(conf, "w") as f:
                f.write(_CONF.format(dir=self.dir, root=self.root, port=port, user=_user_line()))
            error_log = os.path.join(self.dir, "nginx.error.log")
            argv = [tools.tool("nginx"), "-p", self.dir, "-c", conf, "-e", error_log]
            self.process = Process(self.name, argv, self.dir).start()
            try:
                wait_until(lambda p=port: not self.process.running() or can_connect(p), 20,
                           what="nginx to listen")
            except TimeoutError:
                self.process.stop()
                raise
            if self.process.running():
                self.port = port
                return self
            self.process.stop()
            if "Address already in use" not in tail(error_log, 100):
                raise RuntimeError(f"nginx did not start:\n{tail(error_log)}")
        raise RuntimeError("nginx: no free port after retries")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        if self.process:
            self.process.stop()
