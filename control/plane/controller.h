// The control loop of one controld replica, on one event loop: every quarter interval an
// election step on the Redis leader lock; every interval, on the leader only, a health check
// of each edge and a planning round for each PoP that is not drained. Nothing here blocks:
// Redis, the origin and the edges answer through callbacks on the same loop.
#pragma once

#include <event2/event.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "control/config/control_config.h"
#include "control/plane/edge_health.h"
#include "control/plane/edge_network.h"
#include "control/plane/pop_round.h"
#include "control/state/leader_lock.h"
#include "control/state/state_store.h"
#include "core/base/clock.h"
#include "core/base/unique_handle.h"
#include "core/log/logger.h"
#include "core/metrics/registry.h"
#include "core/redis/async_client.h"

namespace control::plane {

class Controller {
 public:
  // Everything given must outlive the controller, which lives on `loop`'s thread.
  static std::expected<std::unique_ptr<Controller>, std::string> create(
      event_base* loop, const config::ControlConfig& config, const core::base::Clock& clock,
      core::log::Logger& log, core::metrics::Registry& metrics);
  ~Controller();
  Controller(const Controller&) = delete;
  Controller& operator=(const Controller&) = delete;

  // Starts the timers; the first election step runs at once.
  void start();
  // Stops the timers and rounds and gives up the leader lock; `done` runs when Redis answered
  // (or failed to).
  void stop(std::function<void()> done);

  bool leading() const { return lock_.leading(); }
  const std::string& id() const { return lock_.id(); }
  bool redis_up() const { return redis_up_; }
  state::StateStore& store() { return store_; }

 private:
  using Timer = core::base::UniqueHandle<event, event_free>;
  using EdgeKey = std::pair<std::string, std::string>;  // PoP, edge URL

  Controller(event_base* loop, const config::ControlConfig& config, const core::base::Clock& clock,
             core::log::Logger& log, core::metrics::Registry& metrics);
  bool arm(Timer& timer, std::chrono::milliseconds period,
           void (*fire)(evutil_socket_t, short, void*));
  static void on_election(evutil_socket_t, short, void* self);
  static void on_tick(evutil_socket_t, short, void* self);

  void elect();
  void elected(state::LeaderLock::Outcome outcome);
  void became_leader();
  void lost_leadership();
  void check_edges();
  void edge_checked(const EdgeKey& key, bool ok);
  void run_round();
  void start_rounds(state::RoundInputs inputs);
  void round_done(RoundReport report, const prefetch::Held& before,
                  const std::vector<std::string>& expired);
  void feeds_read(const config::PopConfig& pop,
                  const std::vector<std::pair<std::string, std::string>>& errors);
  std::vector<std::string> healthy_edges(const config::PopConfig& pop) const;
  void redis_result(bool ok, const std::string& error);

  event_base* loop_;
  const config::ControlConfig& config_;
  const core::base::Clock& clock_;
  core::log::Logger& log_;
  core::metrics::Registry& metrics_;
  core::redis::AsyncClient redis_;
  state::LeaderLock lock_;
  state::StateStore store_;
  std::unique_ptr<EdgeNetwork> network_;
  Timer election_timer_;
  Timer tick_timer_;
  bool was_leading_ = false;
  bool electing_ = false;  // an election step is waiting for Redis
  bool redis_up_ = true;
  bool stopping_ = false;
  uint64_t round_seq_ = 0;
  std::map<EdgeKey, EdgeHealth> health_;
  std::set<EdgeKey> checking_;                               // health checks in flight
  std::set<std::string> failing_regions_;                    // whose last fetch failed
  std::map<std::string, std::unique_ptr<PopRound>> rounds_;  // in flight, by PoP
  bool loading_round_ = false;                               // a round's inputs are being read
};

}  // namespace control::plane
