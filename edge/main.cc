// edged, the composition root: configuration, logs, TLS, the server with one handler chain
// per worker (admin routes, then the request path), and signals on the main thread's
// libevent loop: SIGHUP reloads configuration, certificates and log files, SIGTERM and
// SIGINT stop gracefully.
#include <event2/event.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>

#include "core/base/clock.h"
#include "core/base/unique_handle.h"
#include "core/log/logger.h"
#include "core/metrics/registry.h"
#include "core/server/port_file.h"
#include "core/server/server.h"
#include "core/tls/tls_context.h"
#include "edge/access_log.h"
#include "edge/admin/admin_routes.h"
#include "edge/cache/cache_admin.h"
#include "edge/cache/cache_shared.h"
#include "edge/cache/cache_source.h"
#include "edge/config/edge_config.h"
#include "edge/geo/default_database.h"
#include "edge/geo/geo_watcher.h"
#include "edge/geo/viewer_address.h"
#include "edge/proxy/proxy_config.h"
#include "edge/proxy/proxy_handler.h"
#include "edge/proxy/trusted_proxies.h"
#include "edge/routing/geo_router.h"
#include "edge/routing/pop_prober.h"
#include "edge/routing/routing_admin.h"
#include "edge/warm/cache_probe.h"
#include "edge/warm/prewarm_admin.h"
#include "edge/warm/warm_runner.h"
#include "edge/warm/warmer.h"
#include "swipecdn/version.h"

namespace {

using core::base::UniqueHandle;
using EventBase = UniqueHandle<event_base, event_base_free>;
using Event = UniqueHandle<event, event_free>;

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// Loads the certificates when the configuration has TLS listeners; nullptr when it has none.
std::expected<std::shared_ptr<const core::tls::TlsContext>, std::string> load_tls(
    const edge::config::EdgeConfig& config) {
  if (config.tls.listen.empty()) return std::shared_ptr<const core::tls::TlsContext>();
  return core::tls::TlsContext::load(config.tls.certificates, core::tls::TlsOptions{});
}

// Pre-warming's part of the configuration.
edge::warm::WarmSettings warm_settings(const edge::config::EdgeConfig& c) {
  edge::warm::WarmSettings settings;
  const edge::config::PrewarmSettings& p = c.prewarm;
  settings.limits.max_in_flight = static_cast<size_t>(p.concurrency);
  settings.limits.bytes_per_second = p.rate_bytes;
  settings.limits.burst_bytes = p.burst_bytes;
  settings.limits.max_queued = static_cast<size_t>(p.queue);
  settings.limits.pause_at_viewer_misses = static_cast<size_t>(p.pause_at_viewer_misses);
  settings.hints_per_second = static_cast<uint64_t>(p.hints_per_second);
  settings.cmcd = p.cmcd;
  settings.cmcd_min_buffer_ms = p.cmcd_min_buffer.count();
  // Hints name videos; their objects live under the first served prefix.
  settings.estimates.prefix = c.prefixes.empty() ? "/v/" : c.prefixes.front();
  return settings;
}

// The geo database file: the configured one, else the installed default when there is one;
// empty for none.
std::string geo_database_path(const edge::config::GeoSettings& geo) {
  if (geo.db == "off") return "";
  if (!geo.db.empty()) return geo.db;
  std::string installed = edge::geo::default_database_path();
  return !installed.empty() && ::access(installed.c_str(), R_OK) == 0 ? installed : "";
}

// The fleet as the configuration declares it. A PoP's health checks go to its health_url, or
// to its URL (validation made sure one of them is an http://IP:port URL).
edge::routing::PopTable pop_table(const edge::config::EdgeConfig& c) {
  std::vector<edge::routing::Region> regions;
  for (const edge::config::GeoRegion& r : c.geo.regions) {
    regions.push_back({r.name, r.countries, r.continents});
  }
  std::vector<edge::routing::Pop> pops;
  for (const edge::config::GeoPop& p : c.geo.pops) {
    std::string url = p.url;
    while (url.ends_with('/'))
      url.pop_back();
    pops.push_back({p.name, p.regions, url, p.health_url.empty() ? url : p.health_url});
  }
  return edge::routing::PopTable(std::move(regions), std::move(pops), c.pop);
}

edge::routing::RouterSettings router_settings(const edge::config::GeoSettings& geo) {
  edge::routing::RouterSettings settings;
  // Validated with the configuration: parse_policy cannot fail here.
  settings.policy = edge::routing::parse_policy(geo.policy).value_or(settings.policy);
  settings.steering_ttl_s = static_cast<int>(geo.steering_ttl.count() / 1000);
  settings.min_throughput = geo.steering_min_throughput;
  return settings;
}

// The request path's part of the configuration; CMCD next objects go to `warmer`, master
// playlists are routed by `router`.
std::shared_ptr<const edge::proxy::ProxyConfig> proxy_config(const edge::config::EdgeConfig& c,
                                                             edge::warm::Warmer& warmer,
                                                             edge::routing::GeoRouter& router) {
  auto proxy = std::make_shared<edge::proxy::ProxyConfig>();
  proxy->origins = c.origin.urls;
  proxy->client = c.origin.client;
  proxy->prefixes = c.prefixes;
  proxy->retries = c.origin.retries;
  proxy->retry_backoff = c.origin.retry_backoff;
  proxy->max_retry_backoff = c.origin.max_retry_backoff;
  proxy->failures_before_down = c.origin.failures_before_down;
  proxy->down_time = c.origin.down_time;
  proxy->pop = c.pop;
  proxy->trusted_proxies = c.trusted_proxies;
  proxy->next_object = [&warmer](std::string_view path, std::string_view next, int64_t bl) {
    warmer.cmcd_next(path, next, bl);
  };
  if (c.geo.policy != "local") {
    proxy->route_master = [&router](const core::http::Request& request, std::string_view video) {
      return router.route_master(request, video);
    };
  }
  return proxy;
}

// The cache's part of the configuration.
edge::cache::CacheSettings cache_settings(const edge::config::EdgeConfig& c) {
  edge::cache::CacheSettings settings;
  const auto seconds = [](std::chrono::milliseconds d) {
    return std::chrono::duration_cast<std::chrono::seconds>(d).count();
  };
  settings.policy.negative_ttl_s = seconds(c.cache.negative_ttl);
  settings.policy.heuristic_max_s = seconds(c.cache.heuristic_max_age);
  settings.policy.max_object_bytes = c.cache.max_object_bytes;
  settings.policy.vary_headers = c.cache.vary_headers;
  settings.keys.query_keys = c.cache.query_keys;
  settings.keys.vary_headers = c.cache.vary_headers;
  settings.memory_first_segments = c.cache.memory_first_segments;
  return settings;
}

// The running daemon: what the signal callbacks act on.
class Edged {
 public:
  Edged(edge::config::Invocation invocation, edge::config::EdgeConfig config)
      : invocation_(std::move(invocation)),
        config_(std::move(config)),
        log_(config_.log.file, config_.log.level),
        warmer_(
            std::make_unique<edge::warm::Warmer>(warm_settings(config_), clock_, cache_registry_)),
        geo_(open_geo()),
        router_(std::make_unique<edge::routing::GeoRouter>(
            pop_table(config_), router_settings(config_.geo), locator(), cache_registry_)),
        proxy_config_(proxy_config(config_, *warmer_, *router_)),
        routes_(config_.pop, exposition_, clock_, clock_.now(),
                [router = router_.get()] { return router->draining(); }) {
    if (!config_.log.access_file.empty()) {
      access_log_ =
          std::make_unique<core::log::Logger>(config_.log.access_file, core::log::Level::kInfo);
    }
  }

  int run() {
    if (auto opened = open_cache(); !opened) {
      log_.error("cannot open the cache", {{"error", opened.error()}});
      std::fprintf(stderr, "edged: cache: %s\n", opened.error().c_str());
      return kExitFailure;
    }
    auto tls = load_tls(config_);
    if (!tls) {
      std::fprintf(stderr, "edged: %s\n", tls.error().c_str());
      return kExitUsage;
    }
    core::server::ServerConfig server_config = config_.server_config();
    server_config.tls = *tls;
    auto server =
        core::server::Server::start(std::move(server_config), handler_factory(), exposition_);
    if (!server) {
      // A handler that could not be built says why; the server only knows that it failed.
      std::string error = handler_error_.empty() ? server.error() : handler_error_;
      log_.error("cannot start", {{"error", error}});
      std::fprintf(stderr, "edged: %s\n", error.c_str());
      return kExitFailure;
    }
    server_ = std::move(*server);
    log_started();
    if (!config_.port_file.empty() &&
        !core::server::write_port_file(config_.port_file, server_->ports())) {
      // Whoever asked for the file waits for it: fail loudly rather than run unseen.
      log_.error("cannot write port file, stopping", {{"path", config_.port_file}});
      std::fprintf(stderr, "edged: cannot write port file %s\n", config_.port_file.c_str());
      server_->shutdown(std::chrono::milliseconds(0));
      return kExitFailure;
    }
    return wait_for_signals();
  }

 private:
  // Blocking (the disk tier recovers its directory): before the workers start.
  std::expected<void, std::string> open_cache() {
    std::unique_ptr<edge::cache::DiskTier> disk;
    if (!config_.cache.dir.empty()) {
      edge::cache::DiskConfig disk_config;
      disk_config.dir = config_.cache.dir;
      disk_config.budget_bytes = config_.cache.size_bytes;
      disk_config.max_object_bytes = config_.cache.max_object_bytes;
      disk_config.clock = &clock_;
      disk_config.log = [this](std::string line) { log_.error("cache disk", {{"error", line}}); };
      disk_config.evicted = [warmer = warmer_.get()](const edge::cache::DiskEntry& entry) {
        if ((entry.flags & edge::cache::kFlagWarmed) != 0) warmer->evicted(entry.key, entry.size);
      };
      auto opened = edge::cache::DiskTier::open(std::move(disk_config), cache_registry_);
      if (!opened) return std::unexpected(opened.error());
      disk = std::move(*opened);
    }
    cache_ = std::make_shared<edge::cache::CacheShared>(
        cache_settings(config_), config_.cache.memory_bytes, std::move(disk), cache_registry_);
    exposition_.add(cache_registry_);
    cache_->warmed_hit = [warmer = warmer_.get()](const std::string& key) {
      warmer->viewer_hit(key);
    };
    warmer_->use_probe(std::make_shared<edge::warm::CacheStateProbe>(*cache_, config_.pop));
    cache_admin_ = std::make_unique<edge::cache::CacheAdmin>(cache_, config_.admin_secret, clock_);
    prewarm_admin_ = std::make_unique<edge::warm::PrewarmAdmin>(*warmer_, *cache_admin_,
                                                                config_.admin_secret, clock_);
    routing_admin_ = std::make_unique<edge::routing::RoutingAdmin>(*router_, *prewarm_admin_,
                                                                   config_.admin_secret, clock_);
    return {};
  }

  // Per worker, on its thread: the admin routes, then the proxy. Workers are started one
  // after another, so handler_error_ is written by one thread at a time and read after start.
  core::server::HandlerFactory handler_factory() {
    return [this](core::server::WorkerContext& worker) -> std::unique_ptr<core::http::Handler> {
      edge::proxy::AccessLogSink sink;
      if (access_log_) sink = edge::access_log_sink(*access_log_);
      edge::cache::CacheSource* source = nullptr;
      auto wrap = [this, &worker, &source](std::unique_ptr<edge::proxy::ObjectSource> origins) {
        auto cache = std::make_unique<edge::cache::CacheSource>(cache_, std::move(origins),
                                                                worker.mailbox, clock_);
        source = cache.get();
        return cache;
      };
      auto proxy = edge::proxy::ProxyHandler::create(worker, proxy_config_, clock_, sink,
                                                     routing_admin_.get(), wrap);
      if (!proxy) {
        handler_error_ = proxy.error();
        return nullptr;
      }
      std::unique_ptr<core::http::Handler> next = std::move(*proxy);
      // The first worker runs every warm fetch (a handful at a time) and the health checks of
      // the other PoPs: one loop is plenty.
      if (worker.index == 0) {
        next = std::make_unique<edge::warm::RunnerHost>(
            std::move(next),
            std::make_unique<edge::warm::WarmRunner>(*warmer_, *source, worker.loop, config_.pop));
        next = std::make_unique<core::http::HandlerWith<edge::routing::PopProber>>(
            std::move(next), std::make_unique<edge::routing::PopProber>(
                                 worker.loop, router_->table(), router_->health(),
                                 edge::routing::ProbeSettings{config_.geo.health_interval,
                                                              config_.geo.health_failures},
                                 router_->metrics(), log_));
      }
      return std::make_unique<edge::admin::AdminFront>(routes_, std::move(next));
    };
  }

  // Blocking (it reads the file): before the workers start. Null when there is no database.
  std::unique_ptr<edge::geo::GeoWatcher> open_geo() {
    std::string path = geo_database_path(config_.geo);
    if (path.empty()) {
      log_.info("no geo database: every viewer is served here",
                {{"geo_db", config_.geo.db.empty() ? "default not installed" : config_.geo.db}});
      return nullptr;
    }
    return std::make_unique<edge::geo::GeoWatcher>(
        edge::geo::GeoWatcherOptions{path, config_.geo.reload_interval}, log_, cache_registry_);
  }

  // Where a request's viewer is: its address (behind trusted proxies, the one they report)
  // in the geo database; unknown without one.
  edge::routing::GeoRouter::Locate locator() {
    auto trusted = edge::proxy::TrustedProxies::parse(config_.trusted_proxies);
    return [geo = geo_.get(), trusted = trusted.value_or(edge::proxy::TrustedProxies())](
               const core::http::Request& request) -> edge::routing::Place {
      if (geo == nullptr) return {};
      std::string ip = edge::geo::viewer_address(request.peer, request.headers, trusted);
      return geo->lookup(ip).value_or(edge::routing::Place{});
    };
  }

  void log_started() {
    nlohmann::json listeners = nlohmann::json::array();
    auto ports = server_->ports();
    auto server_config = config_.server_config();
    for (size_t i = 0; i < server_config.listeners.size() && i < ports.size(); ++i) {
      listeners.push_back({{"address", server_config.listeners[i].address},
                           {"port", ports[i]},
                           {"tls", server_config.listeners[i].tls}});
    }
    log_.info("started", {{"version", swipecdn::kVersion},
                          {"pid", ::getpid()},
                          {"pop", config_.pop},
                          {"workers", server_->workers()},
                          {"listeners", listeners},
                          {"origins", config_.origin.urls},
                          {"config", config_.config_file}});
  }

  int wait_for_signals() {
    EventBase base(event_base_new());
    if (!base) {
      log_.error("cannot create the signal loop");
      server_->shutdown(config_.shutdown_timeout);
      return kExitFailure;
    }
    base_ = base.get();
    Event hup(evsignal_new(base.get(), SIGHUP, &Edged::on_signal, this));
    Event term(evsignal_new(base.get(), SIGTERM, &Edged::on_signal, this));
    Event interrupt(evsignal_new(base.get(), SIGINT, &Edged::on_signal, this));
    for (event* e : {hup.get(), term.get(), interrupt.get()}) {
      if (e == nullptr || event_add(e, nullptr) != 0) {
        log_.error("cannot watch signals");
        server_->shutdown(config_.shutdown_timeout);
        return kExitFailure;
      }
    }
    event_base_dispatch(base.get());
    base_ = nullptr;
    return 0;
  }

  static void on_signal(evutil_socket_t signal_number, short, void* self) {
    auto* edged = static_cast<Edged*>(self);
    if (signal_number == SIGHUP) {
      edged->reload();
    } else {
      edged->stop(static_cast<int>(signal_number));
    }
  }

  void stop(int signal_number) {
    log_.info("stopping", {{"signal", signal_number == SIGINT ? "SIGINT" : "SIGTERM"},
                           {"deadline_ms", config_.shutdown_timeout.count()}});
    server_->shutdown(config_.shutdown_timeout);
    log_.info("stopped");
    event_base_loopbreak(base_);
  }

  // A bad new configuration or certificate is logged and the running one kept.
  void reload() {
    log_.reopen();
    if (access_log_) access_log_->reopen();
    auto next = edge::config::build_config(invocation_);
    if (!next) {
      log_.error("reload failed, keeping the running configuration",
                 {{"error", next.error().message()}});
      return;
    }
    std::shared_ptr<const core::tls::TlsContext> tls;
    if (!config_.tls.listen.empty()) {
      auto loaded = core::tls::TlsContext::load(next->tls.certificates, core::tls::TlsOptions{});
      if (!loaded) {
        log_.error("reload failed, keeping the running certificates", {{"error", loaded.error()}});
        return;
      }
      tls = *loaded;
    }
    if (tls) server_->reload_tls(tls);
    log_.set_min_level(next->log.level);
    // Certificates, the log level and the log files change in place; everything else is read
    // once at start, so a change to it is named for the operator instead of ignored silently.
    nlohmann::json restart = nlohmann::json::array();
    const auto changed = [&](bool differs, std::string_view where) {
      if (differs) restart.push_back(where);
    };
    changed(next->listen != config_.listen, "server.listen");
    changed(next->tls.listen != config_.tls.listen, "tls.listen");
    changed(next->workers != config_.workers, "server.workers");
    changed(next->limits != config_.limits, "server and http2 limits");
    changed(next->timeouts != config_.timeouts, "timeouts");
    changed(next->shutdown_timeout != config_.shutdown_timeout, "server.shutdown_timeout");
    changed(next->server_name != config_.server_name, "server.name");
    changed(next->pop != config_.pop, "pop");
    changed(next->origin != config_.origin, "origin");
    changed(next->cache != config_.cache, "cache");
    changed(next->prewarm != config_.prewarm, "prewarm");
    changed(next->log.file != config_.log.file, "log.file");
    changed(next->log.access_file != config_.log.access_file, "log.access_file");
    changed(next->admin_secret != config_.admin_secret, "admin.secret");
    changed(next->geo != config_.geo, "geo");
    changed(next->prefixes != config_.prefixes, "proxy.prefixes");
    changed(next->trusted_proxies != config_.trusted_proxies, "proxy.trusted_proxies");
    config_.tls.certificates = next->tls.certificates;
    config_.log.level = next->log.level;
    log_.info("reloaded", {{"certificates", config_.tls.certificates.size()},
                           {"log_level", core::log::to_string(config_.log.level)},
                           {"needs_restart", restart}});
  }

  edge::config::Invocation invocation_;
  edge::config::EdgeConfig config_;
  core::log::Logger log_;
  std::unique_ptr<core::log::Logger> access_log_;
  core::base::SystemClock clock_;
  core::metrics::Registry cache_registry_;  // the tiers' process-wide metrics
  core::metrics::Exposition exposition_;    // outlives the server, whose registries it lists
  // Outlives the server (whose runner uses it) and the cache (whose threads report to it).
  std::unique_ptr<edge::warm::Warmer> warmer_;
  std::unique_ptr<edge::geo::GeoWatcher> geo_;        // null without a database
  std::unique_ptr<edge::routing::GeoRouter> router_;  // outlives the server, like the warmer
  // Destroyed after the server: the workers' fills and readers use it until they stop.
  std::shared_ptr<edge::cache::CacheShared> cache_;
  std::unique_ptr<edge::cache::CacheAdmin> cache_admin_;        // /_edge/stats and /_edge/purge
  std::unique_ptr<edge::warm::PrewarmAdmin> prewarm_admin_;     // /_edge/prewarm, then the above
  std::unique_ptr<edge::routing::RoutingAdmin> routing_admin_;  // steer and drain, then the above
  std::shared_ptr<const edge::proxy::ProxyConfig> proxy_config_;
  edge::admin::AdminRoutes routes_;
  std::string handler_error_;
  std::unique_ptr<core::server::Server> server_;
  event_base* base_ = nullptr;
};

}  // namespace

int main(int argc, char** argv) {
  auto invocation = edge::config::parse_flags(argc, argv);
  if (!invocation) {
    std::fprintf(stderr, "edged: %s\n", invocation.error().message().c_str());
    return kExitUsage;
  }
  using Action = edge::config::Invocation::Action;
  if (invocation->action == Action::kPrintHelp || invocation->action == Action::kPrintVersion) {
    std::fputs(invocation->text.c_str(), stdout);
    return 0;
  }
  auto config = edge::config::build_config(*invocation);
  if (!config) {
    std::fprintf(stderr, "edged: %s\n", config.error().message().c_str());
    return kExitUsage;
  }
  if (invocation->action == Action::kCheckConfig) {
    // Nothing is opened but the certificates, which a start would refuse just the same.
    if (auto tls = load_tls(*config); !tls) {
      std::fprintf(stderr, "edged: %s\n", tls.error().c_str());
      return kExitUsage;
    }
    std::puts("ok");
    return 0;
  }
  // A viewer closing its connection must not kill the process on the next write.
  ::signal(SIGPIPE, SIG_IGN);
  Edged edged(std::move(*invocation), std::move(*config));
  return edged.run();
}
