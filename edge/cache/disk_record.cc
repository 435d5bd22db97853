// Encoding of the disk tier's index records (layout in disk_record.h).
#include "edge/cache/disk_record.h"

namespace edge::cache {
namespace {

constexpr uint8_t kFormat = 1;
constexpr size_t kFixedBytes = 1 + 8 + 8 + 8 + 8 + 4;

void put_le(std::string& out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i)
    out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

uint64_t get_le(std::string_view& in, int bytes) {
  uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) {
    value |= uint64_t{static_cast<unsigned char>(in[static_cast<size_t>(i)])} << (8 * i);
  }
  in.remove_prefix(static_cast<size_t>(bytes));
  return value;
}

}  // namespace

std::string encode(const DiskRecord& record) {
  std::string out;
  out.reserve(kFixedBytes + record.head.size());
  out.push_back(static_cast<char>(kFormat));
  put_le(out, record.id, 8);
  put_le(out, record.size, 8);
  put_le(out, static_cast<uint64_t>(record.stored_at), 8);
  put_le(out, record.last_access, 8);
  put_le(out, record.flags, 4);
  out += record.head;
  return out;
}

std::optional<DiskRecord> decode_record(std::string_view value) {
  if (value.size() < kFixedBytes || static_cast<uint8_t>(value[0]) != kFormat) {
    return std::nullopt;
  }
  value.remove_prefix(1);
  DiskRecord record;
  record.id = get_le(value, 8);
  record.size = get_le(value, 8);
  record.stored_at = static_cast<int64_t>(get_le(value, 8));
  record.last_access = get_le(value, 8);
  record.flags = static_cast<uint32_t>(get_le(value, 4));
  record.head = std::string(value);
  return record;
}

}  // namespace edge::cache
