#!/usr/bin/env python3
# deploy/systemd: each unit passes `systemd-analyze verify` (offline, in a scratch root holding the
# real built binaries where the units name them, so no running systemd is needed) with no warning,
# scores as well sandboxed by `systemd-analyze security --offline`, keeps the hardening it is
# meant to have, and reloads only a daemon that takes SIGHUP: edged and controld stay up on it,
# origind would end. sysusers.d and tmpfiles.d make the user and the directories the units use.
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import deploytools
from deploytools import DEPLOY

UNITS = os.path.join(DEPLOY, "systemd")
BIN_DIR = "/usr/local/bin"
DAEMONS = ("edged", "origind", "controld")
HOST_UNIT_DIRS = ("/usr/lib/systemd/system", "/lib/systemd/system")


def read_unit(path):
    """{(section, key): [values in order]}; a key may repeat (SystemCallFilter=)."""
    entries, section = {}, None
    with open(path) as f:
        for raw in f:
            line = raw.strip()
            if not line or line.startswith(("#", ";")):
                continue
            if line.startswith("["):
                section = line.strip("[]")
                continue
            key, _, value = line.partition("=")
            entries.setdefault((section, key.strip()), []).append(value.strip())
    return entries


def make_root(binaries):
    """A scratch root for --root=: the host's own units (targets the units order against), the
    units under test in /etc/systemd/system, the built daemons in /usr/local/bin and kill."""
    root = tempfile.mkdtemp(prefix="deploy-systemd-")
    host_units = next((d for d in HOST_UNIT_DIRS if os.path.isdir(d)), None)
    if host_units is None:
        raise deploytools.MissingTool(f"no systemd unit directory (Debian package systemd; "
                                      f"{deploytools.INSTALL_HINT})")
    shutil.copytree(host_units, os.path.join(root, "usr/lib/systemd/system"), symlinks=True)
    os.makedirs(os.path.join(root, "usr/bin"))
    os.symlink("usr/bin", os.path.join(root, "bin"))
    shutil.copy2(os.path.realpath(deploytools.tool("kill", "procps")),
                 os.path.join(root, "usr/bin/kill"))
    os.makedirs(os.path.join(root, BIN_DIR.lstrip("/")))
    for name, path in binaries.items():
        target = os.path.join(root, BIN_DIR.lstrip("/"), name)
        try:
            os.link(path, target)
        except OSError:
            shutil.copy2(path, target)
    os.makedirs(os.path.join(root, "etc/systemd/system"))
    for name in DAEMONS:
        shutil.copy2(os.path.join(UNITS, f"{name}.service"), os.path.join(root, "etc/systemd/system"))
    return root


class SystemdUnitsTest(unittest.TestCase):
    maxDiff = 4000

    @classmethod
    def setUpClass(cls):
        cls.analyze = deploytools.tool("systemd-analyze", "systemd")
        cls.binaries = deploytools.daemons()
        cls.root = make_root(cls.binaries)
        cls.addClassCleanup(shutil.rmtree, cls.root, True)
        cls.units = {name: read_unit(os.path.join(UNITS, f"{name}.service")) for name in DAEMONS}

    def analyze_run(self, *args):
        return subprocess.run([self.analyze, *args], capture_output=True, text=True, timeout=120,
                              env=dict(os.environ, SYSTEMD_LOG_COLOR="0", SYSTEMD_PAGER=""))

    def test_every_unit_verifies_without_a_warning(self):
        for name in DAEMONS:
            with self.subTest(unit=name):
                run = self.analyze_run("verify", "--man=no", f"--root={self.root}",
                                       f"{name}.service")
                # verify exits 0 on unknown keys and bad values, but names them.
                self.assertEqual((run.returncode, run.stdout + run.stderr), (0, ""))

    def test_verify_catches_what_it_should_here(self):
        # The scratch root is meaningful only if a misspelt directive, a bad value and a missing
        # binary are reported in it.
        with open(os.path.join(UNITS, "edged.service")) as f:
            text = f.read()
        text = text.replace("ProtectHome=yes", "ProtectHme=yes")
        text = text.replace("ProtectSystem=strict", "ProtectSystem=stricter")
        text = text.replace(f"{BIN_DIR}/edged ", f"{BIN_DIR}/edged-missing ")
        path = os.path.join(self.root, "etc/systemd/system/broken.service")
        with open(path, "w") as f:
            f.write(text)
        try:
            run = self.analyze_run("verify", "--man=no", f"--root={self.root}", "broken.service")
        finally:
            os.remove(path)
        report = run.stdout + run.stderr
        for expected in ("ProtectHme", "stricter", "edged-missing"):
            self.assertIn(expected, report)

    def test_every_unit_is_well_sandboxed(self):
        for name in DAEMONS:
            with self.subTest(unit=name):
                # Exposure at most 2.0 of 10 ("OK"); the threshold is in tenths.
                run = self.analyze_run("security", "--offline=yes", f"--root={self.root}",
                                       "--threshold=20", "--no-pager", f"{name}.service")
                self.assertEqual(run.returncode, 0, run.stdout + run.stderr)

    def test_hardening_directives(self):
        required = {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes",
                    "PrivateTmp": "yes", "PrivateDevices": "yes", "ProtectKernelTunables": "yes",
                    "ProtectKernelModules": "yes", "ProtectKernelLogs": "yes",
                    "ProtectControlGroups": "yes", "RestrictNamespaces": "yes",
                    "RestrictSUIDSGID": "yes", "LockPersonality": "yes",
                    "SystemCallArchitectures": "native",
                    "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX",
                    "User": "swipecdn", "Group": "swipecdn", "Restart": "on-failure",
                    "RestartPreventExitStatus": "2"}
        for name, unit in self.units.items():
            with self.subTest(unit=name):
                service = {key: values for (section, key), values in unit.items()
                           if section == "Service"}
                for key, value in required.items():
                    self.assertEqual(service.get(key), [value], key)
                self.assertEqual(service["SystemCallFilter"][0], "@system-service")
                self.assertIn("MemoryMax", service)
                self.assertIn("TasksMax", service)
                self.assertNotIn("DynamicUser", service)
                capabilities = "CAP_NET_BIND_SERVICE" if name == "edged" else ""
                self.assertEqual(service["CapabilityBoundingSet"], [capabilities])
                self.assertEqual(service["AmbientCapabilities"], [capabilities])
                nofile = int(service["LimitNOFILE"][0])
                self.assertGreaterEqual(nofile, 1 << 20 if name == "edged" else 1 << 16)

    def test_binaries_configs_and_directories(self):
        config_flag = {"edged": "--config", "origind": "--config", "controld": "--pops"}
        for name, unit in self.units.items():
            with self.subTest(unit=name):
                start = unit[("Service", "ExecStart")][0].split()
                self.assertEqual(start[0], f"{BIN_DIR}/{name}")
                self.assertEqual(start[start.index(config_flag[name]) + 1],
                                 f"/etc/swipecdn/{name}.toml")
        edged = self.units["edged"][("Service", "ExecStart")][0].split()
        self.assertEqual(edged[edged.index("--cache-dir") + 1], "/var/cache/swipecdn/edge")
        self.assertEqual(self.units["edged"][("Service", "CacheDirectory")], ["swipecdn/edge"])
        origind = self.units["origind"][("Service", "ExecStart")][0].split()
        self.assertEqual(origind[origind.index("--data-dir") + 1], "/var/lib/swipecdn/origin")
        self.assertEqual(self.units["origind"][("Service", "StateDirectory")], ["swipecdn/origin"])

    def test_redis_users_start_after_redis(self):
        for name in ("origind", "controld"):
            unit = self.units[name]
            with self.subTest(unit=name):
                self.assertIn("redis-server.service", unit[("Unit", "After")][0].split())
                self.assertIn("redis-server.service", unit[("Unit", "Wants")][0].split())

    def test_reload_is_sighup_only_where_the_daemon_takes_it(self):
        for name in ("edged", "controld"):
            self.assertEqual(self.units[name][("Service", "ExecReload")],
                             ["/bin/kill -HUP $MAINPID"], name)
        self.assertNotIn(("Service", "ExecReload"), self.units["origind"])

    def test_sysusers_and_tmpfiles_make_the_user_and_directories(self):
        root = tempfile.mkdtemp(prefix="deploy-sysusers-")
        self.addCleanup(shutil.rmtree, root, True)
        os.makedirs(os.path.join(root, "etc"))
        sysusers = deploytools.tool("systemd-sysusers", "systemd")
        tmpfiles = deploytools.tool("systemd-tmpfiles", "systemd")
        for argv in ([sysusers, f"--root={root}", os.path.join(UNITS, "swipecdn.sysusers")],
                     [tmpfiles, f"--root={root}", "--create",
                      os.path.join(UNITS, "swipecdn.tmpfiles")]):
            run = subprocess.run(argv, capture_output=True, text=True, timeout=60)
            self.assertEqual(run.returncode, 0, run.stderr)
        with open(os.path.join(root, "etc/passwd")) as f:
            user = next(line.split(":") for line in f if line.startswith("swipecdn:"))
        uid, gid, shell = int(user[2]), int(user[3]), user[6].strip()
        self.assertLess(uid, 1000)  # a system user
        self.assertEqual(shell, "/usr/sbin/nologin")
        expected = {"etc/swipecdn": (0, gid), "var/lib/swipecdn/origin": (uid, gid),
                    "var/cache/swipecdn/edge": (uid, gid), "var/log/swipecdn": (uid, gid)}
        for path, (owner, group) in expected.items():
            st = os.stat(os.path.join(root, path))
            self.assertEqual((st.st_uid, st.st_gid, st.st_mode & 0o7777),
                             (owner, group, 0o750), path)


class SighupTest(unittest.TestCase):
    """What each daemon does on SIGHUP, which is what ExecReload= relies on."""

    @classmethod
    def setUpClass(cls):
        cls.binaries = deploytools.daemons()
        cls.dir = tempfile.mkdtemp(prefix="deploy-sighup-")
        cls.addClassCleanup(shutil.rmtree, cls.dir, True)

    def start(self, name, args):
        port_file = os.path.join(self.dir, f"{name}.port")
        log = open(os.path.join(self.dir, f"{name}.log"), "w")
        self.addCleanup(log.close)
        process = subprocess.Popen([self.binaries[name], "--listen", "127.0.0.1:0",
                                    "--port-file", port_file, *args],
                                   stdout=log, stderr=subprocess.STDOUT)
        self.addCleanup(self.stop, process)
        deadline = time.monotonic() + 60
        while not (os.path.exists(port_file) and os.path.getsize(port_file) > 0):
            self.assertIsNone(process.poll(), f"{name} ended at start: {self.log_of(name)}")
            self.assertLess(time.monotonic(), deadline, f"{name} did not start")
            time.sleep(0.05)
        return process

    def log_of(self, name):
        with open(os.path.join(self.dir, f"{name}.log")) as f:
            return f.read()

    @staticmethod
    def stop(process):
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def hup(self, process):
        process.send_signal(signal.SIGHUP)
        try:
            return process.wait(2)
        except subprocess.TimeoutExpired:
            return None

    def test_edged_reloads(self):
        edged = self.start("edged", ["--origin", "http://127.0.0.1:9", "--workers", "1"])
        self.assertIsNone(self.hup(edged), self.log_of("edged"))

    def test_controld_reopens_its_log(self):
        pops = os.path.join(self.dir, "controld.toml")
        with open(pops, "w") as f:
            f.write('origin = "http://127.0.0.1:9"\nredis = "redis://127.0.0.1:9"\n'
                    '[[pop]]\nname = "p"\nregions = ["eu"]\nedges = ["http://127.0.0.1:9"]\n'
                    'budget_bytes = "1M"\nbudget_objects = 10\n')
        log_file = os.path.join(self.dir, "controld.json")
        controld = self.start("controld", ["--pops", pops, "--log-file", log_file])
        self.assertIsNone(self.hup(controld), self.log_of("controld"))
        with open(log_file) as f:
            self.assertIn("log reopened", f.read())

    def test_origind_would_end(self):
        origind = self.start("origind", ["--data-dir", os.path.join(self.dir, "origin"),
                                         "--redis", "redis://127.0.0.1:9", "--workers", "1"])
        self.assertEqual(self.hup(origind), -signal.SIGHUP)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    unittest.main(verbosity=2)
