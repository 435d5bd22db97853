#!/usr/bin/env python3
# deploy/k8s, checked offline: every file parses, every object is of a kind and apiVersion that
# Kubernetes 1.28 and later serve and passes the Kubernetes OpenAPI schema (kubernetes-models from
# npm, installed into the build tree); workloads, Services, disruption budgets, probes, volumes,
# ConfigMaps and Secrets refer to what exists; pods keep the restricted security profile; the
# fixed Service addresses are the ones the TOML files name; and each daemon's TOML, with the
# container's own arguments, passes the real binary's --check-config.
import ipaddress
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
import unittest

import yaml

import deploytools
from deploytools import DEPLOY

K8S = os.path.join(DEPLOY, "k8s")
SCHEMA_SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "k8s-schema")
SCHEMA_FILES = ("package.json", "package-lock.json", "validate.js")
NAMESPACE = "swipecdn"
# Kinds of this manifest set and the apiVersion each is served at, GA since 1.21 or earlier and
# still served by 1.28 and later.
SERVED = {("v1", "Namespace"), ("v1", "ConfigMap"), ("v1", "Secret"), ("v1", "Service"),
          ("apps/v1", "StatefulSet"), ("apps/v1", "Deployment"), ("apps/v1", "DaemonSet"),
          ("policy/v1", "PodDisruptionBudget")}
WORKLOADS = ("StatefulSet", "Deployment", "DaemonSet")
POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name"
DAEMON_IMAGE = re.compile(r"^swipecdn/(edged|origind|controld):")
EXAMPLES = {"edged": "edged.toml", "origind": "origind.toml", "controld": "controld.toml"}


def load_manifests():
    """{file name: [objects]} of every YAML file but kustomization.yaml."""
    loaded = {}
    for name in sorted(os.listdir(K8S)):
        if name.endswith(".yaml") and name != "kustomization.yaml":
            with open(os.path.join(K8S, name)) as f:
                loaded[name] = [o for o in yaml.safe_load_all(f) if o is not None]
    return loaded


def prepare_schema(npm):
    """The validator's folder with its npm packages: $DEPLOY_K8S_SCHEMA_DIR (under the build tree
    when ctest runs), installed by `npm ci` only when the lock file changed or node_modules is not
    there, so a second run needs no network."""
    folder = os.environ.get("DEPLOY_K8S_SCHEMA_DIR") or os.path.join(tempfile.gettempdir(),
                                                                     "swipecdn-k8s-schema")
    os.makedirs(folder, exist_ok=True)

    def read(path):
        try:
            with open(path, "rb") as f:
                return f.read()
        except OSError:
            return None

    wanted = os.path.join(folder, "node_modules", "kubernetes-models", "package.json")
    stale = read(os.path.join(SCHEMA_SOURCE, "package-lock.json")) != read(
        os.path.join(folder, "package-lock.json"))
    for name in SCHEMA_FILES:
        shutil.copyfile(os.path.join(SCHEMA_SOURCE, name), os.path.join(folder, name))
    if stale or not os.path.exists(wanted):
        run = subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
                             cwd=folder, capture_output=True, text=True, timeout=600)
        if run.returncode != 0:
            raise RuntimeError(f"npm ci in {folder} failed:\n{run.stdout}\n{run.stderr}")
    return folder


def pod_specs(objects):
    """(workload, pod labels of each pod it makes, pod spec) of every workload."""
    for o in objects:
        if o["kind"] not in WORKLOADS:
            continue
        labels = o["spec"]["template"]["metadata"].get("labels", {})
        if o["kind"] == "StatefulSet":
            # The controller adds each pod's name, which per-pod Services select.
            pods = [dict(labels, **{POD_NAME_LABEL: f"{o['metadata']['name']}-{i}"})
                    for i in range(o["spec"].get("replicas", 1))]
        else:
            pods = [labels]
        yield o, pods, o["spec"]["template"]["spec"]


def selects(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def container_ports(container):
    ports = set()
    for port in container.get("ports", []):
        ports.add(port["containerPort"])
        if "name" in port:
            ports.add(port["name"])
    return ports


def flat_keys(table, prefix=""):
    """Dotted key paths of a TOML document; an array of tables counts as its key."""
    keys = set()
    for key, value in table.items():
        path = prefix + key
        if isinstance(value, dict) and not path.startswith("planner.bits_per_second"):
            keys |= flat_keys(value, path + ".")
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for item in value:
                keys |= flat_keys(item, path + ".")
        else:
            keys.add(path)
    return keys


def example_keys(path):
    """The keys of a deploy/*.toml example, including the ones shown commented out."""
    with open(path, "rb") as f:
        keys = flat_keys(tomllib.load(f))
    table = ""
    with open(path) as f:
        for line in f:
            header = re.match(r"^\[\[?([\w.]+)\]\]?", line)
            if header:
                table = header.group(1) + "."
            commented = re.match(r"^#\s*([\w-]+)\s*=", line)
            if commented:
                keys.add(table + commented.group(1))
    return keys


class K8sManifestTest(unittest.TestCase):
    maxDiff = 4000

    @classmethod
    def setUpClass(cls):
        cls.files = load_manifests()
        cls.objects = [o for objects in cls.files.values() for o in objects]
        cls.by_kind = {}
        for o in cls.objects:
            cls.by_kind.setdefault(o.get("kind"), {})[o.get("metadata", {}).get("name")] = o
        cls.pods = list(pod_specs(cls.objects))

    def test_every_object_is_named_and_served(self):
        self.assertTrue(self.objects)
        seen = set()
        for o in self.objects:
            name = o.get("metadata", {}).get("name")
            with self.subTest(object=f"{o.get('kind')} {name}"):
                self.assertTrue(o.get("apiVersion") and o.get("kind") and name)
                self.assertIn((o["apiVersion"], o["kind"]), SERVED)
                self.assertNotIn((o["kind"], name), seen)
                seen.add((o["kind"], name))
                if o["kind"] != "Namespace":
                    self.assertEqual(o["metadata"].get("namespace"), NAMESPACE)

    def test_kustomization_lists_every_file(self):
        with open(os.path.join(K8S, "kustomization.yaml")) as f:
            kustomization = yaml.safe_load(f)
        self.assertEqual(kustomization["apiVersion"], "kustomize.config.k8s.io/v1beta1")
        self.assertEqual(kustomization["kind"], "Kustomization")
        self.assertEqual(kustomization["namespace"], NAMESPACE)
        self.assertEqual(sorted(kustomization["resources"]), sorted(self.files))
        self.assertIn(NAMESPACE, self.by_kind["Namespace"])

    def test_the_kubernetes_schema_accepts_every_object(self):
        folder = prepare_schema(deploytools.tool("npm", "npm"))
        run = subprocess.run([deploytools.tool("node", "nodejs"), "validate.js"], cwd=folder,
                             input=json.dumps(self.objects), capture_output=True, text=True,
                             timeout=120)
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        self.assertIn(f"checked {len(self.objects)} objects, 0 with problems", run.stdout)

    def test_the_schema_check_refuses_a_broken_object(self):
        folder = prepare_schema(deploytools.tool("npm", "npm"))
        broken = json.loads(json.dumps(self.by_kind["StatefulSet"]["edge"]))
        broken["spec"]["replicas"] = "two"
        del broken["spec"]["template"]["spec"]["containers"][0]["name"]
        run = subprocess.run([deploytools.tool("node", "nodejs"), "validate.js"], cwd=folder,
                             input=json.dumps([broken]), capture_output=True, text=True,
                             timeout=120)
        self.assertEqual(run.returncode, 1, run.stdout + run.stderr)
        self.assertIn("spec/replicas must be integer", run.stdout)
        self.assertIn("containers/0 must have required property name", run.stdout)

    def test_workload_selectors_match_their_pods(self):
        self.assertEqual({w["metadata"]["name"] for w, _, _ in self.pods},
                         {"edge", "origin", "control", "redis"})
        for workload, pods, _ in self.pods:
            with self.subTest(workload=workload["metadata"]["name"]):
                selector = workload["spec"]["selector"]["matchLabels"]
                self.assertTrue(all(selects(selector, labels) for labels in pods))
                if workload["kind"] == "StatefulSet":
                    self.assertIn(workload["spec"]["serviceName"], self.by_kind["Service"])

    def test_services_select_pods_and_their_ports(self):
        for name, service in self.by_kind["Service"].items():
            with self.subTest(service=name):
                selector = service["spec"]["selector"]
                selected = [spec for _, pods, spec in self.pods
                            if any(selects(selector, labels) for labels in pods)]
                self.assertTrue(selected, "selects no pod")
                for port in service["spec"]["ports"]:
                    target = port.get("targetPort", port["port"])
                    for spec in selected:
                        self.assertTrue(any(target in container_ports(c)
                                            for c in spec["containers"]), target)

    def test_disruption_budgets_select_pods(self):
        for name, budget in self.by_kind.get("PodDisruptionBudget", {}).items():
            selector = budget["spec"]["selector"]["matchLabels"]
            self.assertTrue(any(selects(selector, labels)
                                for _, pods, _ in self.pods for labels in pods), name)

    def test_references_exist(self):
        config_maps = self.by_kind["ConfigMap"]
        secrets = self.by_kind["Secret"]
        claims = {name for name in self.by_kind.get("PersistentVolumeClaim", {})}
        for workload, _, spec in self.pods:
            with self.subTest(workload=workload["metadata"]["name"]):
                templates = {t["metadata"]["name"]
                             for t in workload["spec"].get("volumeClaimTemplates", [])}
                volumes = {v["name"]: v for v in spec.get("volumes", [])}
                self.assertFalse(set(volumes) & templates)
                for volume in volumes.values():
                    if "configMap" in volume:
                        config_map = config_maps[volume["configMap"]["name"]]
                        for item in volume["configMap"].get("items", []):
                            self.assertIn(item["key"], config_map["data"])
                    if "secret" in volume:
                        self.assertIn(volume["secret"]["secretName"], secrets)
                    if "persistentVolumeClaim" in volume:
                        self.assertIn(volume["persistentVolumeClaim"]["claimName"], claims)
                for container in spec["containers"]:
                    for mount in container.get("volumeMounts", []):
                        self.assertIn(mount["name"], set(volumes) | templates)
                    for env in container.get("env", []):
                        source = env.get("valueFrom", {})
                        if "secretKeyRef" in source:
                            ref = source["secretKeyRef"]
                            self.assertIn(ref["key"], secrets[ref["name"]]["stringData"])
                        if "configMapKeyRef" in source:
                            ref = source["configMapKeyRef"]
                            self.assertIn(ref["key"], config_maps[ref["name"]]["data"])

    def test_probes_hit_exposed_ports(self):
        for workload, _, spec in self.pods:
            for container in spec["containers"]:
                ports = container_ports(container)
                ours = DAEMON_IMAGE.match(container["image"])
                with self.subTest(container=container["name"]):
                    for kind in ("readinessProbe", "livenessProbe"):
                        probe = container[kind]
                        action = probe.get("httpGet") or probe.get("tcpSocket")
                        self.assertIn(action["port"], ports)
                        if ours and "httpGet" in probe:
                            self.assertEqual(probe["httpGet"]["path"], "/healthz")
                    # edged's /healthz says 503 while its PoP drains: a liveness probe on it
                    # would restart a drained edge and so end the drain.
                    if container["name"] == "edged":
                        self.assertNotIn("httpGet", container["livenessProbe"])

    def test_pods_are_restricted(self):
        for workload, _, spec in self.pods:
            with self.subTest(workload=workload["metadata"]["name"]):
                pod = spec["securityContext"]
                self.assertIs(pod["runAsNonRoot"], True)
                self.assertGreater(pod["runAsUser"], 0)
                self.assertEqual(pod["seccompProfile"]["type"], "RuntimeDefault")
                self.assertIs(spec.get("automountServiceAccountToken"), False)
                self.assertFalse(spec.get("hostNetwork") or spec.get("hostPID"))
                for container in spec["containers"]:
                    security = container["securityContext"]
                    self.assertIs(security["readOnlyRootFilesystem"], True)
                    self.assertIs(security["allowPrivilegeEscalation"], False)
                    self.assertEqual(security["capabilities"], {"drop": ["ALL"]})
                    resources = container["resources"]
                    self.assertIn("memory", resources["limits"])
                    self.assertTrue({"cpu", "memory"} <= set(resources["requests"]))

    def test_the_shape_asked_for(self):
        kinds = {(w["kind"], w["metadata"]["name"]): w for w, _, _ in self.pods}
        self.assertEqual(kinds[("Deployment", "control")]["spec"]["replicas"], 2)
        self.assertTrue(kinds[("StatefulSet", "origin")]["spec"]["volumeClaimTemplates"])
        self.assertTrue(kinds[("StatefulSet", "edge")]["spec"]["volumeClaimTemplates"])

    def test_fixed_addresses_are_the_ones_the_configs_name(self):
        fixed = {}
        for name, service in self.by_kind["Service"].items():
            ip = service["spec"].get("clusterIP")
            if ip and ip != "None":
                address = ipaddress.ip_address(ip)
                self.assertNotIn(address, fixed)
                fixed[address] = service
        self.assertTrue(fixed)
        # One service CIDR holds them all (kubeadm's default is a /12).
        self.assertEqual(len({ipaddress.ip_network(f"{a}/12", strict=False) for a in fixed}), 1)
        named = 0
        for config_map in self.by_kind["ConfigMap"].values():
            for text in config_map["data"].values():
                for host, port in re.findall(r"(?:http|redis)://([^:/\"]+):(\d+)", text):
                    named += 1
                    address = ipaddress.ip_address(host)  # a name would not be resolved
                    self.assertIn(address, fixed, host)
                    ports = [p["port"] for p in fixed[address]["spec"]["ports"]]
                    self.assertIn(int(port), ports, f"{host}:{port}")
        self.assertGreaterEqual(named, 6)

    def test_config_keys_are_the_examples(self):
        for config_map in self.by_kind["ConfigMap"].values():
            for file_name, text in config_map["data"].items():
                with self.subTest(file=file_name):
                    example = example_keys(os.path.join(DEPLOY, file_name))
                    self.assertLessEqual(flat_keys(tomllib.loads(text)), example)


class K8sConfigCheckTest(unittest.TestCase):
    """Each daemon container's command line, with its ConfigMap and Secret where the pod would
    have them, through the real binary's --check-config."""

    @classmethod
    def setUpClass(cls):
        cls.binaries = deploytools.daemons()
        objects = [o for objects in load_manifests().values() for o in objects]
        cls.config_maps = {o["metadata"]["name"]: o for o in objects if o["kind"] == "ConfigMap"}
        cls.secrets = {o["metadata"]["name"]: o for o in objects if o["kind"] == "Secret"}
        cls.containers = {}
        for workload, _, spec in pod_specs(objects):
            for container in spec["containers"]:
                daemon = DAEMON_IMAGE.match(container["image"])
                if daemon:
                    cls.containers[daemon.group(1)] = (workload, spec, container)
        cls.dir = tempfile.mkdtemp(prefix="deploy-k8s-")
        cls.addClassCleanup(shutil.rmtree, cls.dir, True)

    def command_line(self, daemon, replace=None):
        """The container's argv with the built binary, its mounted ConfigMap files in a temp dir
        (`replace` edits their text) and $(VAR) references expanded as the kubelet would."""
        workload, spec, container = self.containers[daemon]
        self.assertEqual(container["command"], [f"/usr/local/bin/{daemon}"])
        paths = {}
        volumes = {v["name"]: v for v in spec.get("volumes", [])}
        for mount in container.get("volumeMounts", []):
            source = volumes.get(mount["name"], {}).get("configMap")
            if not source:
                continue
            folder = os.path.join(self.dir, daemon, mount["name"])
            os.makedirs(folder, exist_ok=True)
            for key, text in self.config_maps[source["name"]]["data"].items():
                if replace:
                    text = replace(text)
                with open(os.path.join(folder, key), "w") as f:
                    f.write(text)
                paths[os.path.join(mount["mountPath"], key)] = os.path.join(folder, key)
        env = {}
        for variable in container.get("env", []):
            source = variable.get("valueFrom", {})
            if "secretKeyRef" in source:
                ref = source["secretKeyRef"]
                env[variable["name"]] = self.secrets[ref["name"]]["stringData"][ref["key"]]
            elif source.get("fieldRef", {}).get("fieldPath") == "metadata.name":
                env[variable["name"]] = f"{workload['metadata']['name']}-0"
            else:
                env[variable["name"]] = variable["value"]
        argv = [self.binaries[daemon]]
        for arg in container.get("args", []):
            arg = re.sub(r"\$\((\w+)\)", lambda m: env[m.group(1)], arg)
            argv.append(paths.get(arg, arg))
        self.assertTrue(set(paths.values()) <= set(argv), "a mounted config file is not used")
        return argv

    def check(self, daemon, replace=None):
        argv = self.command_line(daemon, replace) + ["--check-config"]
        return subprocess.run(argv, capture_output=True, text=True, timeout=60)

    def skip_without_the_flag(self, daemon):
        usage = subprocess.run([self.binaries[daemon], "--help"], capture_output=True,
                               text=True, timeout=60)
        if "--check-config" not in usage.stdout:
            self.skipTest(f"{daemon} has no --check-config yet")

    def test_every_daemon_accepts_its_config(self):
        self.assertEqual(set(self.containers), {"edged", "origind", "controld"})
        for daemon in ("edged", "origind", "controld"):
            with self.subTest(daemon=daemon):
                if daemon == "edged":
                    self.skip_without_the_flag(daemon)
                run = self.check(daemon)
                self.assertEqual((run.returncode, run.stderr), (0, ""))
                self.assertEqual(run.stdout.strip(), "ok")

    def test_edged_starts_from_its_config(self):
        # Until edged has --check-config, and beside it: the file and arguments as the pod has
        # them start a real edged, with only the listener, cache and size moved to this machine.
        port_file = os.path.join(self.dir, "edged.port")
        argv = self.command_line("edged") + [
            "--listen", "127.0.0.1:0", "--port-file", port_file, "--cache-dir",
            os.path.join(self.dir, "edge-cache"), "--cache-size", "64M", "--workers", "1"]
        edged = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                 text=True)
        try:
            deadline = time.monotonic() + 60
            while not (os.path.exists(port_file) and os.path.getsize(port_file) > 0):
                if edged.poll() is not None:
                    self.fail(f"edged ended with {edged.returncode}: {edged.stderr.read()}")
                self.assertLess(time.monotonic(), deadline, "edged did not start")
                time.sleep(0.05)
        finally:
            edged.terminate()
            edged.communicate(timeout=60)

    def test_an_origin_by_name_is_refused(self):
        # Why the fixed Service addresses: a Service's DNS name in their place fails the check.
        by_name = lambda text: text.replace("http://10.96.0.80:8080",
                                            "http://origin-0.swipecdn.svc:8080")
        for daemon, key in (("controld", "origin"), ("edged", "origin")):
            with self.subTest(daemon=daemon):
                if daemon == "edged":
                    self.skip_without_the_flag(daemon)
                run = self.check(daemon, by_name)
                self.assertEqual(run.returncode, 2, run.stderr)
                self.assertIn(key, run.stderr)
                self.assertEqual(run.stdout, "")


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    unittest.main(verbosity=2)
