// One PoP's planning round: fetch the region feed of each region the PoP serves, merge them,
// plan within the PoP's budget against what it already holds, and push the hint to each of
// the given edges. What the edges hold grows only when every edge accepted the hint, so a
// failed push is planned again next round (an edge that already has it finds it cached).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "control/config/control_config.h"
#include "control/plane/round_io.h"
#include "prefetch/planner.h"

namespace control::plane {

struct RoundSpec {
  config::PopConfig pop;
  prefetch::Held held;             // what the PoP's edges hold warm before the round
  std::vector<std::string> edges;  // the healthy edges to push to
  std::string hint_id;
  int64_t expires_at = 0;  // of the hint, Unix seconds
};

struct RoundReport {
  std::string pop;
  std::string hint_id;
  bool planned = false;  // false when no region feed could be read
  prefetch::Plan plan;
  std::size_t hint_items = 0;  // items with new segments: what was pushed
  std::vector<std::pair<std::string, std::string>> feed_errors;  // region, why
  std::vector<std::string> acked;                                // edges
  std::vector<std::pair<std::string, std::string>> failed;       // edge, why
  prefetch::Held held;  // what the PoP holds after the round
};

class PopRound {
 public:
  using Done = std::function<void(RoundReport)>;
  // `io` and `planner` must outlive the round. `done` runs once, last; it may destroy the
  // round. Destroying the round earlier drops it silently.
  PopRound(RoundIo& io, const prefetch::PlannerConfig& planner, RoundSpec spec, Done done);
  PopRound(const PopRound&) = delete;
  PopRound& operator=(const PopRound&) = delete;

  void start();

 private:
  void feed_arrived(std::size_t index, std::expected<std::string, std::string> body);
  void plan();
  void push_answered(const std::string& edge, std::expected<void, std::string> result);
  void finish();

  RoundIo& io_;
  const prefetch::PlannerConfig& planner_;
  RoundSpec spec_;
  Done done_;
  RoundReport report_;
  std::vector<std::vector<prefetch::RegionFeedItem>> feeds_;
  std::size_t feeds_pending_ = 0;
  std::size_t pushes_pending_ = 0;
  // Callbacks hold it weakly: a round destroyed early is never called back.
  std::shared_ptr<char> alive_ = std::make_shared<char>();
};

}  // namespace control::plane
