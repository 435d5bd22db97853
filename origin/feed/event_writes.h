// How a checked batch of events changes the state in Redis (redis_keys.h), by the rules of
// rank/event_effects.h, for a batch or a part of one holding every event of its viewers. Two
// round trips:
// the reads say which events start a session and what each viewer completed before (for
// co-watch); the writes, one MULTI/EXEC so a part is applied whole or not at all, add the
// batch with everything aggregated per key first (a popular video's counters get one HINCRBY
// per field per batch, not one per event).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/redis/reply.h"
#include "origin/feed/event_batch.h"
#include "origin/feed/feed_config.h"
#include "origin/feed/redis_keys.h"
#include "origin/rank/catalog.h"

namespace origin::feed {

class EventWrites {
 public:
  // Every reference must outlive this object.
  EventWrites(const RedisKeys& keys, const FeedConfig& config, const rank::Catalog& catalog,
              const EventBatch& batch, int64_t now_ms);

  std::vector<core::redis::Command> reads() const;
  // `replies` answer reads(), in order.
  std::vector<core::redis::Command> writes(std::span<const core::redis::Reply> replies) const;

 private:
  struct ViewerRegion {
    const std::string* user;
    const std::string* region;
  };

  const RedisKeys& keys_;
  const FeedConfig& config_;
  const rank::Catalog& catalog_;
  const EventBatch& batch_;
  int64_t now_ms_;
  std::vector<const std::string*> completers_;  // viewers with a completion, once each
  std::vector<ViewerRegion> watchers_;          // (viewer, region) with a watch, once each
};

// Whether the replies of a writes() pipeline say the batch was applied.
bool applied(std::span<const core::redis::Reply> replies);

}  // namespace origin::feed
