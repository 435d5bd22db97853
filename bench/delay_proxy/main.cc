// delayproxy, the composition root: a TCP proxy that puts a WAN between a client and a target
// on one machine (no netem here), for tests, benchmarks and the local multi-PoP fleet.
//
// The link model, per direction (up: client to target, down: target to client):
// - Delay: every byte is written no earlier than the one-way delay after it was read, in read
//   order; a FIN crosses the same way as shutdown(SHUT_WR), a reset as a reset (SO_LINGER 0).
//   The connect waits out the up delay and the client is read only once the down delay after
//   the target's accept has passed, so a connection's first byte costs the handshake's RTT.
// - Rate: each direction of each connection has a token bucket (--rate-*), and a route may
//   have one more that all its connections share (--link-rate-*, the bottleneck). Chunks are
//   paced as they leave the delay line: a transfer of S bytes takes S / rate plus the delay.
// - Memory: at most --buffer bytes wait per direction; at the limit the source is not read, so
//   backpressure reaches the sender through TCP's window, as behind a slow link.
// A transparent route serves clients an nftables redirect sends to it, each on to its original
// destination from its own address (see transparent_socket.h): the fleet's viewers reach the
// PoPs' real addresses across the link and the PoPs see the viewers' addresses.
// One libevent loop runs everything; timers wake the pipes when their next chunk is due.
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "bench/delay_proxy/flags.h"
#include "bench/delay_proxy/loop_handles.h"
#include "bench/delay_proxy/metrics_endpoint.h"
#include "bench/delay_proxy/route_listener.h"
#include "bench/delay_proxy/transparent_socket.h"
#include "core/base/clock.h"
#include "core/log/logger.h"
#include "core/metrics/registry.h"
#include "core/server/port_file.h"
#include "swipecdn/version.h"

namespace {

using bench::delay_proxy::Event;
using bench::delay_proxy::EventBase;
using bench::delay_proxy::ProxyConfig;
using bench::delay_proxy::Route;

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

class DelayProxy {
 public:
  explicit DelayProxy(ProxyConfig config)
      : config_(std::move(config)), log_(config_.log_file, config_.log_level) {}

  int run() {
    if (auto opened = open(); !opened) {
      log_.error("cannot start", {{"error", opened.error()}});
      std::fprintf(stderr, "delayproxy: %s\n", opened.error().c_str());
      return kExitFailure;
    }
    log_.info("started", started_fields());
    event_base_dispatch(loop_.get());
    log_.info("stopped");
    return 0;
  }

 private:
  std::expected<void, std::string> open() {
    core::base::UniqueHandle<event_config, event_config_free> options(event_config_new());
    // Timers to the microsecond: a 7.5 ms delay must not become 8 ms.
    if (options) event_config_set_flag(options.get(), EVENT_BASE_FLAG_PRECISE_TIMER);
    loop_.reset(event_base_new_with_config(options.get()));
    if (!loop_) return std::unexpected("cannot create the event loop");
    exposition_.add(registry_);
    if (auto marked = check_mark(); !marked) return marked;
    std::vector<uint16_t> ports;
    for (size_t i = 0; i < config_.routes.size(); ++i) {
      auto route =
          bench::delay_proxy::RouteListener::open(loop_.get(), clock_, log_, config_, i, registry_);
      if (!route) return std::unexpected(route.error());
      ports.push_back((*route)->port());
      routes_.push_back(std::move(*route));
    }
    if (config_.metrics_listen) {
      auto endpoint = bench::delay_proxy::MetricsEndpoint::open(
          loop_.get(), *config_.metrics_listen, config_.metrics_listen_text, exposition_);
      if (!endpoint) return std::unexpected(endpoint.error());
      metrics_ = std::move(*endpoint);
      ports.push_back(metrics_->port());
    }
    if (auto watched = watch_signals(); !watched) return watched;
    if (!config_.port_file.empty() && !core::server::write_port_file(config_.port_file, ports))
      return std::unexpected("cannot write the port file " + config_.port_file);
    return {};
  }

  // Marking needs CAP_NET_ADMIN (or CAP_NET_RAW): without it, say so at start rather than reset
  // every client.
  std::expected<void, std::string> check_mark() const {
    if (!config_.mark) return {};
    core::base::UniqueFd probe(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!probe)
      return std::unexpected(std::string("cannot open a socket: ") + std::strerror(errno));
    if (auto marked = bench::delay_proxy::set_mark(probe.get(), *config_.mark); !marked) {
      return std::unexpected(std::string("--mark needs CAP_NET_ADMIN or CAP_NET_RAW: ") +
                             std::strerror(marked.error()));
    }
    return {};
  }

  std::expected<void, std::string> watch_signals() {
    const auto on_signal = [](evutil_socket_t signal_number, short, void* self) {
      auto* proxy = static_cast<DelayProxy*>(self);
      if (signal_number == SIGHUP) {
        proxy->log_.reopen();
        proxy->log_.info("log reopened");
        return;
      }
      proxy->log_.info("stopping", {{"signal", signal_number == SIGINT ? "SIGINT" : "SIGTERM"}});
      event_base_loopbreak(proxy->loop_.get());
    };
    for (int signal_number : {SIGTERM, SIGINT, SIGHUP}) {
      Event watch(evsignal_new(loop_.get(), signal_number, on_signal, this));
      if (!watch || event_add(watch.get(), nullptr) != 0)
        return std::unexpected("cannot watch SIGTERM, SIGINT and SIGHUP");
      signals_.push_back(std::move(watch));
    }
    return {};
  }

  nlohmann::json started_fields() const {
    nlohmann::json routes = nlohmann::json::array();
    for (size_t i = 0; i < routes_.size(); ++i) {
      const Route& route = config_.routes[i];
      routes.push_back(
          {{"listen", route.listen_text},
           {"port", routes_[i]->port()},
           {"target", route.transparent ? "original destination" : route.target_text}});
    }
    const auto link = [](const bench::delay_proxy::LinkDirection& direction) {
      return nlohmann::json{{"delay_us", direction.delay.count()},
                            {"rate_bytes_per_s", direction.connection_rate},
                            {"link_rate_bytes_per_s", direction.route_rate}};
    };
    nlohmann::json fields{{"version", swipecdn::kVersion},
                          {"pid", ::getpid()},
                          {"routes", routes},
                          {"up", link(config_.up)},
                          {"down", link(config_.down)},
                          {"buffer", config_.buffer_bytes}};
    if (metrics_) fields["metrics_port"] = metrics_->port();
    return fields;
  }

  ProxyConfig config_;
  core::log::Logger log_;
  core::base::SystemClock clock_;
  // Declared before what uses them, so destroyed after: the loop outlives every event, the
  // registry every counter.
  EventBase loop_;
  core::metrics::Registry registry_;
  core::metrics::Exposition exposition_;
  std::vector<std::unique_ptr<bench::delay_proxy::RouteListener>> routes_;
  std::unique_ptr<bench::delay_proxy::MetricsEndpoint> metrics_;
  std::vector<Event> signals_;
};

}  // namespace

int main(int argc, char** argv) {
  auto invocation = bench::delay_proxy::parse_flags(argc, argv);
  if (!invocation) {
    std::fprintf(stderr, "delayproxy: %s\n", invocation.error().c_str());
    return kExitUsage;
  }
  if (invocation->action != bench::delay_proxy::Invocation::Action::kRun) {
    std::fputs(invocation->text.c_str(), stdout);
    return 0;
  }
  // A peer that resets must end its connection, not the process (writes use MSG_NOSIGNAL, but
  // libevent's HTTP server does not).
  ::signal(SIGPIPE, SIG_IGN);
  DelayProxy proxy(std::move(invocation->config));
  return proxy.run();
}
