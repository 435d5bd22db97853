// The epoch of a viewer's profile: a fingerprint of everything a feed reads of the viewer from
// Redis. It changes with any event of the viewer that changes what ranking reads, so it says
// when a cached ranking (candidate_cache.h) is stale without a counter every event must bump.
// Sets count as sets (Redis may return them in another order with no write); lists count in
// order.
#pragma once

#include <cstdint>

#include "core/redis/reply.h"

namespace origin::feed {

struct ProfileReplies {
  const core::redis::Reply& seen;      // ZRANGE of the seen zset
  const core::redis::Reply& done;      // LRANGE of recent completions
  const core::redis::Reply& interest;  // LRANGE of interest signals
  const core::redis::Reply& follows;   // SMEMBERS of follows
};

int64_t profile_epoch(const ProfileReplies& replies);

}  // namespace origin::feed
