// The network of one controld loop: the origin's region feeds and the edges' admin APIs over
// HTTP/1.1. Hints are signed with the shared admin secret (core/auth).
#pragma once

#include <chrono>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "control/config/control_config.h"
#include "control/plane/round_io.h"
#include "core/base/clock.h"
#include "core/client/http_endpoint.h"

struct event_base;

namespace control::plane {

class EdgeNetwork final : public RoundIo {
 public:
  // One endpoint for the origin and one per distinct edge of `config`; `clock` must outlive
  // the network.
  static std::expected<std::unique_ptr<EdgeNetwork>, std::string> create(
      event_base* loop, const config::ControlConfig& config, const core::base::Clock& clock);

  // GET {origin}/api/feed/region/{region}?count=K; a status other than 200 is an error.
  void fetch_feed(const std::string& region, FeedDone done) override;
  // POST {edge}/_edge/prewarm, signed; any 2xx (the edge answers 202) is an ack.
  void push_hint(const std::string& edge, const std::string& body, PushDone done) override;
  // GET {edge}/healthz: `done` hears whether it answered 200.
  void check_health(const std::string& edge, std::function<void(bool)> done);

 private:
  EdgeNetwork(const config::ControlConfig& config, const core::base::Clock& clock)
      : config_(config), clock_(clock) {}
  core::client::HttpEndpoint* edge(const std::string& url);

  const config::ControlConfig& config_;
  const core::base::Clock& clock_;
  std::unique_ptr<core::client::HttpEndpoint> origin_;
  std::map<std::string, std::unique_ptr<core::client::HttpEndpoint>> edges_;
};

}  // namespace control::plane
