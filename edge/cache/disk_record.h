// The value of one LMDB record of the "objects" database (the key is the cache key).
//
// Layout, little-endian whatever the host, so an index survives a move between machines:
//   u8 format (1) | u64 id | u64 size | i64 stored_at | u64 last_access | u32 flags | head...
// The head is the caller's opaque blob and runs to the end of the value. last_access is the
// tier's logical access clock, not a time: only the order matters and no clock is read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace edge::cache {

struct DiskRecord {
  uint64_t id = 0;
  uint64_t size = 0;
  int64_t stored_at = 0;
  uint64_t last_access = 0;
  uint32_t flags = 0;
  std::string head;
};

std::string encode(const DiskRecord& record);
// Nullopt when `value` is not a record of this format.
std::optional<DiskRecord> decode_record(std::string_view value);

}  // namespace edge::cache
