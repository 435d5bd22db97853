# The local fleet's shape: its hosts, their addresses on the private bridge, the ports and
# links between them, and the configuration files each daemon gets. Nothing here touches the
# system; fleet.py builds what this describes.
import dataclasses
import os

PREFIX = "scdn"  # every namespace is scdn-<instance>-<host>
SUBNET_BITS = 16  # 10.77.0.0/16, private to the instance's bridge namespace
BRIDGE = "br0"
SECRET = "local-fleet-admin-secret"  # edges and controld sign admin requests with it
MARK = 119  # SO_MARK of the viewer proxies' sockets, which their redirect rule lets pass

ORIGIN_PORT = 8080
EDGE_PORT = 8081
CONTROL_PORT = 8090
REDIS_PORT = 6379
# Inside a PoP namespace: edged's --origin, a delayproxy to the real origin.
EDGE_ORIGIN_PROXY = f"127.0.0.1:{ORIGIN_PORT}"
# Inside a viewer namespace: the transparent delayproxy the redirect rule sends PoP traffic to.
VIEWER_PROXY_PORT = 15001
PROXY_METRICS = "127.0.0.1:9100"

EDGE_ORIGIN_RTT = "80ms"
VIEWER_EDGE_RTT = "15ms"


@dataclasses.dataclass(frozen=True)
class Host:
    name: str
    address: str


@dataclasses.dataclass(frozen=True)
class Pop(Host):
    region: str
    country: str
    continent: str

    @property
    def url(self):
        return f"http://{self.address}:{EDGE_PORT}"


@dataclasses.dataclass(frozen=True)
class Viewer(Host):
    country: str
    continent: str


REDIS = Host("redis", "10.77.0.10")
ORIGIN = Host("origin", "10.77.0.20")
CONTROL = Host("control", "10.77.0.30")
# One PoP per region; a region is matched by its country, then by its continent.
POPS = (
    Pop("pop-eu", "10.77.1.1", "eu", "DE", "EU"),
    Pop("pop-us", "10.77.2.1", "us", "US", "NA"),
    Pop("pop-ap", "10.77.3.1", "ap", "JP", "AS"),
)
# One viewer namespace per PoP country; the geo database places 10.77.1X.0/24 in its country.
VIEWERS = (
    Viewer("viewer-de", "10.77.11.1", "DE", "EU"),
    Viewer("viewer-us", "10.77.12.1", "US", "NA"),
    Viewer("viewer-jp", "10.77.13.1", "JP", "AS"),
)
HOSTS = (REDIS, ORIGIN, CONTROL, *POPS, *VIEWERS)
NET = "net"  # the bridge's namespace, the fleet's switch


def pop_name(pop):
    """The PoP's name in configs and redirects: its region."""
    return pop.region


def geo_networks():
    """make_test_mmdb.pl's CIDR=PLACE arguments: each viewer's /24 in its country."""
    return [f"{v.address.rsplit('.', 1)[0]}.0/24={v.country}/{v.continent}" for v in VIEWERS]


def toml_list(values):
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


@dataclasses.dataclass(frozen=True)
class Paths:
    """Where one instance keeps its files: work/<host>/ per host, logs in work/logs/."""
    work: str

    def host(self, name, *rest):
        return os.path.join(self.work, name, *rest)

    def log(self, name):
        return os.path.join(self.work, "logs", f"{name}.log")

    @property
    def state(self):
        return os.path.join(self.work, "fleet.json")

    @property
    def geo_db(self):
        return os.path.join(self.work, "geo.mmdb")


def edged_config(pop, paths, policy):
    """The PoP's edged TOML: its listener, the origin through the WAN proxy, the cache, and the
    fleet's regions and PoPs, the same on every edge."""
    lines = [
        f'pop = "{pop_name(pop)}"',
        "[server]",
        f'listen = ["{pop.address}:{EDGE_PORT}"]',
        "workers = 1",
        f'port_file = "{paths.host(pop.name, "edged.port")}"',
        'shutdown_timeout = "2s"',
        "[origin]",
        f'urls = ["http://{EDGE_ORIGIN_PROXY}"]',
        "[cache]",
        f'dir = "{paths.host(pop.name, "cache")}"',
        'size = "256M"',
        'memory_size = "64M"',
        "[admin]",
        f'secret = "{SECRET}"',
        "[log]",
        f'file = "{paths.log(pop.name + "-edged")}"',
        f'access_file = "{paths.log(pop.name + "-access")}"',
        "[geo]",
        f'db = "{paths.geo_db}"',
        f'policy = "{policy}"',
        'health_interval = "1s"',
        'steering_ttl = "5s"',
    ]
    for p in POPS:
        lines += ["[[geo.region]]", f'name = "{p.region}"', f'countries = ["{p.country}"]',
                  f'continents = ["{p.continent}"]']
    for p in POPS:
        lines += ["[[geo.pop]]", f'name = "{pop_name(p)}"', f'regions = ["{p.region}"]',
                  f'url = "{p.url}"']
    return "\n".join(lines) + "\n"


def controld_config(paths):
    """controld's pops file: the origin, Redis, and each PoP with its edge's admin URL."""
    lines = [
        f'origin = "http://{ORIGIN.address}:{ORIGIN_PORT}"',
        f'redis = "redis://{REDIS.address}:{REDIS_PORT}"',
        f'admin_secret = "{SECRET}"',
        'interval = "1s"',
        f'listen = "{CONTROL.address}:{CONTROL_PORT}"',
        f'port_file = "{paths.host(CONTROL.name, "controld.port")}"',
        f'log_file = "{paths.log("controld")}"',
    ]
    for p in POPS:
        lines += ["[[pop]]", f'name = "{pop_name(p)}"', f'regions = ["{p.region}"]',
                  f"edges = {toml_list([p.url])}", 'budget_bytes = "64M"',
                  "budget_objects = 500"]
    return "\n".join(lines) + "\n"


def viewer_rules():
    """The nftables ruleset of a viewer namespace: TCP to a PoP's port goes into the local
    delayproxy (the viewer-edge link), except the proxy's own marked connections."""
    pops = ", ".join(p.address for p in POPS)
    return (f"table ip fleet {{\n"
            f"  chain output {{\n"
            f"    type nat hook output priority -100; policy accept;\n"
            f"    meta mark {MARK} return\n"
            f"    ip daddr {{ {pops} }} tcp dport {EDGE_PORT} redirect to :{VIEWER_PROXY_PORT}\n"
            f"  }}\n"
            f"}}\n")
