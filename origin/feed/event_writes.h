// How a checked batch of events changes the state in Redis (redis_keys.h), by the rules of
// rank/event_effects.h. A batch is cut into parts that each hold every event of their viewers
// (event_ingest.cc) and costs two round trips. The first marks the batch's viewers active in
// their regions (which says how many start a session) and reads what each viewer completed
// before (for co-watch); the second writes. A part's writes to its viewers' own keys are one
// MULTI/EXEC, so a viewer's profile is changed whole or not at all. What many viewers share (a
// video's counters and trending scores, a region's survival counts, co-watch pairs) is gathered
// over the whole batch and written after the parts: a popular video gets one increment per
// field per batch however many viewers watched it, and a region one update per batch, not one
// per part.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "core/redis/reply.h"
#include "origin/feed/event_batch.h"
#include "origin/feed/feed_config.h"
#include "origin/feed/redis_keys.h"
#include "origin/rank/catalog.h"

namespace origin::feed {

// The shared changes of a batch. Views point into the batch's events, which must outlive this.
struct SharedChanges {
  std::set<std::string_view> regions;  // every region an event came from
  std::map<rank::VideoIndex, rank::VideoStats> counters;
  // (region, period, video): an event counts in the trending period of its own time.
  std::map<std::tuple<std::string_view, int64_t, rank::VideoIndex>, double> trending;
  std::map<std::string_view, rank::SurvivalCounts> survival;
  std::map<std::pair<std::string, std::string>, int64_t> co_watch;  // (video, partner) -> times
};

class EventWrites {
 public:
  // Every reference must outlive this object.
  EventWrites(const RedisKeys& keys, const FeedConfig& config, const rank::Catalog& catalog,
              const EventBatch& batch, int64_t now_ms);

  std::vector<core::redis::Command> reads() const;
  // The viewers' own changes as one transaction; what they share is added to `shared`.
  // `replies` answer reads(), in order.
  std::vector<core::redis::Command> writes(std::span<const core::redis::Reply> replies,
                                           SharedChanges& shared) const;

 private:
  const RedisKeys& keys_;
  const FeedConfig& config_;
  const rank::Catalog& catalog_;
  const EventBatch& batch_;
  int64_t now_ms_;
  std::vector<const std::string*> completers_;  // viewers with a completion, once each
};

// The batch's watchers marked in their regions' active sets (act:{region}, viewer -> ms of
// their last watch), sent with the reads, before anything else of the batch is written. A
// viewer stays in the set for the session gap after their last watch, so one the set did not
// hold starts a session: ZADD answers how many it added. Concurrent batches of one viewer count
// one start between them. A batch that fails later leaves its marks, and its retry counts no
// start for those viewers (survival counts are statistics; events are kept at least once).
class ActiveMarks {
 public:
  // `parts` must outlive this object.
  ActiveMarks(const RedisKeys& keys, const FeedConfig& config, std::span<const EventBatch> parts,
              int64_t now_ms);

  // The commands, once: a ZADD names every watcher of the region in the batch.
  std::vector<core::redis::Command> take_commands() { return std::move(commands_); }
  // Adds the sessions started by viewers new to a region's set to `shared.survival`, from the
  // replies to the commands, in order. False when Redis refused a mark.
  bool count_sessions(std::span<const core::redis::Reply> replies, SharedChanges& shared) const;

 private:
  std::vector<core::redis::Command> commands_;  // per region: trim, then ZADD
  std::vector<std::string_view> regions_;       // in the order of the commands
};

// The shared changes as transactions of a bounded size: Redis runs a transaction without
// serving anyone else, and feeds wait behind it.
std::vector<std::vector<core::redis::Command>> shared_writes(const RedisKeys& keys,
                                                             const FeedConfig& config,
                                                             const rank::Catalog& catalog,
                                                             const SharedChanges& shared,
                                                             int64_t now_ms);

}  // namespace origin::feed
