// The control plane's shared state in Redis, so that any replica can answer the admin API and
// a new leader carries on where the last one stopped: the PoP registry, drained PoPs, the last
// plan of each PoP, edge health and what each PoP holds warm. Every call is one pipeline on
// the loop's Redis connection; its callback runs later on that loop.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "control/config/control_config.h"
#include "control/state/held_entries.h"
#include "control/state/state_keys.h"
#include "core/redis/async_client.h"

namespace control::state {

template <typename T>
using Done = std::function<void(std::expected<T, std::string>)>;

struct EdgeHealthRecord {
  bool healthy = true;
  int failures = 0;        // consecutive failed checks
  int64_t checked_at = 0;  // Unix seconds of the last check
  bool operator==(const EdgeHealthRecord&) const = default;
};
using PopHealth = std::map<std::string, EdgeHealthRecord>;  // edge URL -> health

struct RoundInputs {
  std::set<std::string> drained;
  std::map<std::string, HeldFields> held;  // per PoP
};

// What the admin API shows: the registry as Redis has it, with drained flags and health.
struct Snapshot {
  std::map<std::string, config::PopConfig> pops;
  std::set<std::string> drained;
  std::map<std::string, PopHealth> health;
  std::string leader;  // the leader's id; empty when no replica leads
};

class StateStore {
 public:
  // `redis` must outlive the store. `on_unavailable` hears every failed pipeline (for the
  // log and a counter) before its callback does.
  StateStore(core::redis::AsyncClient& redis, StateKeys keys,
             std::function<void(const std::string&)> on_unavailable);

  // Writes the PoP registry: the configured PoPs replace whatever it held.
  void publish_pops(const std::vector<config::PopConfig>& pops, Done<void> done);
  // The drained set and each named PoP's held entries as of `now` (Unix seconds).
  void load_round_inputs(const std::vector<std::string>& pops, int64_t now, Done<RoundInputs> done);
  // A PoP's round: its plan, the held entries it added (live until `held_until`) and the
  // expired fields to drop. The held hash itself expires `held_ttl_ms` after its last write.
  void save_round(const std::string& pop, const std::string& plan_json,
                  const std::map<std::string, int>& grown, const std::vector<std::string>& expired,
                  int64_t held_until, int64_t held_ttl_ms, Done<void> done);
  void save_health(const std::string& pop, const std::string& edge, const EdgeHealthRecord& record,
                   Done<void> done);
  void load_health(const std::vector<std::string>& pops,
                   Done<std::map<std::string, PopHealth>> done);
  void set_drained(const std::string& pop, bool drained, Done<void> done);
  // The registry, drained flags, the health of the registry's PoPs' edges and the leader.
  void load_snapshot(Done<Snapshot> done);
  // The PoP's last plan as stored (JSON), or nullopt when it has none.
  void load_plan(const std::string& pop, Done<std::optional<std::string>> done);

 private:
  // Sends `commands`; `done` gets the replies when Redis answered every command without error.
  void send(std::vector<core::redis::Command> commands,
            std::function<void(std::expected<std::vector<core::redis::Reply>, std::string>)> done);
  void load_health_of(const std::vector<std::string>& pops, Snapshot snapshot, Done<Snapshot> done);

  core::redis::AsyncClient& redis_;
  StateKeys keys_;
  std::function<void(const std::string&)> on_unavailable_;
};

}  // namespace control::state
