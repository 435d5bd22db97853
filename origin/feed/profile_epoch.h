// The epoch of a viewer's profile: a fingerprint of everything a feed reads of the viewer from
// Redis (seen videos, recent completions, interest weights, follows). It changes with any event
// of the viewer that changes what ranking reads, and with nothing else, so it says when a
// cached ranking (candidate_cache.h) is stale without a counter every event must bump.
#pragma once

#include <cstdint>
#include <span>

#include "core/redis/reply.h"

namespace origin::feed {

int64_t profile_epoch(std::span<const core::redis::Reply> replies);

}  // namespace origin::feed
