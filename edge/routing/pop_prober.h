// Health checks of the other PoPs: GET /healthz of each one's health URL every interval, on one
// event loop. 200 is up; 503 naming "draining" is draining (its operator is moving viewers
// away); anything else, `failures` times in a row, is down. One success brings a PoP back.
#pragma once

#include <event2/event.h>

#include <chrono>
#include <memory>
#include <vector>

#include "core/base/unique_handle.h"
#include "core/client/http_endpoint.h"
#include "core/log/logger.h"
#include "edge/routing/pop_health.h"
#include "edge/routing/pop_table.h"
#include "edge/routing/routing_metrics.h"

namespace edge::routing {

struct ProbeSettings {
  std::chrono::milliseconds interval{2'000};
  int failures = 2;
};

class PopProber {
 public:
  // Starts checking on `loop` (its first round at once). `table`, `health`, `metrics` and `log`
  // outlive the prober; PoPs without a usable health URL are logged once and never checked.
  PopProber(event_base* loop, const PopTable& table, PopHealth& health, ProbeSettings settings,
            RoutingMetrics& metrics, core::log::Logger& log);
  PopProber(const PopProber&) = delete;
  PopProber& operator=(const PopProber&) = delete;

 private:
  struct Peer {
    size_t pop = 0;
    std::unique_ptr<core::client::HttpEndpoint> endpoint;
    bool in_flight = false;
    int failures = 0;
  };

  static void on_timer(evutil_socket_t, short, void* self);
  void round();
  void answered(Peer& peer, const std::expected<core::client::HttpReply, std::string>& reply);
  void record(Peer& peer, PopState state, std::string_view why);

  const PopTable& table_;
  PopHealth& health_;
  ProbeSettings settings_;
  RoutingMetrics& metrics_;
  core::log::Logger& log_;
  std::vector<Peer> peers_;
  core::base::UniqueHandle<event, event_free> timer_;
};

}  // namespace edge::routing
