// PopProber: one check in flight per peer at most; a check that outlives its interval is not
// doubled up, it simply makes that round skip the peer.
#include "edge/routing/pop_prober.h"

#include "core/base/timeval.h"

namespace edge::routing {

PopProber::PopProber(event_base* loop, const PopTable& table, PopHealth& health,
                     ProbeSettings settings, RoutingMetrics& metrics, core::log::Logger& log)
    : table_(table),
      health_(health),
      settings_(settings),
      metrics_(metrics),
      log_(log),
      timer_(event_new(loop, -1, EV_PERSIST, &PopProber::on_timer, this)) {
  for (size_t i = 0; i < table_.size(); ++i) {
    if (i == table_.local()) continue;
    const Pop& pop = table_.pop(i);
    auto endpoint =
        core::client::HttpEndpoint::create(loop, pop.health_url, settings_.interval, 64 << 10);
    if (!endpoint) {
      log_.warn("PoP not health-checked",
                {{"pop", pop.name}, {"url", pop.health_url}, {"error", endpoint.error()}});
      continue;
    }
    peers_.push_back(Peer{i, std::move(*endpoint)});
  }
  if (peers_.empty() || !timer_) return;
  const timeval every = core::base::to_timeval(settings_.interval);
  event_add(timer_.get(), &every);
  round();
}

void PopProber::on_timer(evutil_socket_t, short, void* self) {
  static_cast<PopProber*>(self)->round();
}

void PopProber::round() {
  core::http::Request request;
  request.method = "GET";
  request.target = "/healthz";
  for (Peer& peer : peers_) {
    if (peer.in_flight) continue;
    peer.in_flight = true;
    peer.endpoint->call(request, [this, &peer](auto reply) { answered(peer, reply); });
  }
}

void PopProber::answered(Peer& peer,
                         const std::expected<core::client::HttpReply, std::string>& reply) {
  peer.in_flight = false;
  if (reply && reply->status == 200) {
    record(peer, PopState::kUp, "healthy");
    return;
  }
  if (reply && reply->status == 503 && reply->body.find("\"draining\"") != std::string::npos) {
    record(peer, PopState::kDraining, "draining");
    return;
  }
  metrics_.check_failed(peer.pop);
  if (++peer.failures < settings_.failures) return;
  record(peer, PopState::kDown,
         reply ? "status " + std::to_string(reply->status) : std::string(reply.error()));
}

void PopProber::record(Peer& peer, PopState state, std::string_view why) {
  if (state != PopState::kDown) peer.failures = 0;
  const PopState before = health_.state(peer.pop);
  if (before == state) return;
  health_.set(peer.pop, state);
  metrics_.state(peer.pop, state);
  log_.info("PoP state changed", {{"pop", table_.pop(peer.pop).name},
                                  {"from", to_label(before)},
                                  {"to", to_label(state)},
                                  {"why", why}});
}

}  // namespace edge::routing
