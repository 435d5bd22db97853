// One object stored by the disk tier, as readers see it: published once complete, immutable,
// shared by every reader (a new head or a re-fill publishes a new DiskEntry).
#pragma once

#include <cstdint>
#include <string>

namespace edge::cache {

// Bits of DiskEntry::flags.
inline constexpr uint32_t kFlagWarmed = 1;  // stored by a pre-warm, not by a viewer's miss

struct DiskEntry {
  std::string key;
  uint64_t id = 0;        // names the object's file; unique for the life of the cache dir
  uint64_t size = 0;      // body bytes, verified before the entry was published
  int64_t stored_at = 0;  // Unix seconds when the object was committed
  uint32_t flags = 0;     // kFlag* bits
  std::string head;       // the caller's opaque stored response head
};

}  // namespace edge::cache
