// Head blob layout, all integers little-endian:
//   "SWHD" | version u8 (1) | flags u8 | status u16 | content_length u64 |
//   response_time i64 | corrected_initial_age i64 | lifetime i64 | swr i64 | sie i64 |
//   field count u16 | count x (name length u8 | value length u16 | name | value) |
//   XXH3-64 of every byte before it, u64.
// Fixed-width fields keep decoding a matter of bounds checks; the checksum catches torn or
// flipped bytes that would otherwise still parse. Flags: bit 0 content_length present,
// 1 no_cache, 2 must_revalidate, 3 immutable; other bits must be 0.
#include "edge/cache/head_codec.h"

#include <xxhash.h>

#include <cstdint>
#include <limits>

namespace edge::cache {
namespace {

constexpr std::string_view kMagic = "SWHD";
constexpr uint8_t kVersion = 1;
constexpr uint8_t kHasLength = 1;
constexpr uint8_t kNoCache = 2;
constexpr uint8_t kMustRevalidate = 4;
constexpr uint8_t kImmutable = 8;
constexpr uint8_t kKnownFlags = kHasLength | kNoCache | kMustRevalidate | kImmutable;
constexpr size_t kChecksumSize = 8;

void put(std::string& out, uint64_t value, size_t bytes) {
  for (size_t i = 0; i < bytes; ++i)
    out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  // False, reading nothing, when fewer than `bytes` remain.
  bool get(size_t bytes, uint64_t& value) {
    if (data_.size() - pos_ < bytes) return false;
    value = 0;
    for (size_t i = 0; i < bytes; ++i) {
      value |= uint64_t{static_cast<unsigned char>(data_[pos_ + i])} << (8 * i);
    }
    pos_ += bytes;
    return true;
  }
  bool get_i64(int64_t& value) {
    uint64_t raw = 0;
    if (!get(8, raw)) return false;
    value = static_cast<int64_t>(raw);
    return true;
  }
  bool bytes(size_t size, std::string_view& out) {
    if (data_.size() - pos_ < size) return false;
    out = data_.substr(pos_, size);
    pos_ += size;
    return true;
  }
  bool at_end() const { return pos_ == data_.size(); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

}  // namespace

std::string encode_head(const StoredHead& stored) {
  const core::http::ResponseHead& head = stored.head;
  const Freshness& f = stored.freshness;
  std::string out(kMagic);
  put(out, kVersion, 1);
  uint8_t flags = 0;
  if (head.content_length) flags |= kHasLength;
  if (f.no_cache) flags |= kNoCache;
  if (f.must_revalidate) flags |= kMustRevalidate;
  if (f.immutable) flags |= kImmutable;
  put(out, flags, 1);
  put(out, static_cast<uint16_t>(head.status), 2);
  put(out, head.content_length.value_or(0), 8);
  for (int64_t v : {f.response_time_s, f.corrected_initial_age_s, f.lifetime_s,
                    f.stale_while_revalidate_s, f.stale_if_error_s}) {
    put(out, static_cast<uint64_t>(v), 8);
  }
  std::vector<const core::http::Header*> fields;
  for (const core::http::Header& h : head.headers.items()) {
    if (!h.name.empty() && h.name.size() <= std::numeric_limits<uint8_t>::max() &&
        h.value.size() <= std::numeric_limits<uint16_t>::max() &&
        fields.size() < std::numeric_limits<uint16_t>::max()) {
      fields.push_back(&h);
    }
  }
  put(out, fields.size(), 2);
  for (const core::http::Header* h : fields) {
    put(out, h->name.size(), 1);
    put(out, h->value.size(), 2);
    out.append(h->name).append(h->value);
  }
  put(out, XXH3_64bits(out.data(), out.size()), kChecksumSize);
  return out;
}

std::expected<StoredHead, std::string> decode_head(std::string_view blob) {
  if (blob.size() < kMagic.size() + 2 + kChecksumSize) return std::unexpected("truncated head");
  if (blob.substr(0, kMagic.size()) != kMagic) return std::unexpected("not a stored head");
  if (static_cast<uint8_t>(blob[kMagic.size()]) != kVersion) {
    return std::unexpected("unknown head version");
  }
  const std::string_view body = blob.substr(0, blob.size() - kChecksumSize);
  uint64_t checksum = 0;
  Reader tail(blob.substr(body.size()));
  tail.get(kChecksumSize, checksum);
  if (checksum != XXH3_64bits(body.data(), body.size())) {
    return std::unexpected("head checksum mismatch");
  }

  Reader r(body.substr(kMagic.size() + 1));
  StoredHead out;
  uint64_t flags = 0;
  uint64_t status = 0;
  uint64_t length = 0;
  Freshness& f = out.freshness;
  if (!r.get(1, flags) || !r.get(2, status) || !r.get(8, length) || !r.get_i64(f.response_time_s) ||
      !r.get_i64(f.corrected_initial_age_s) || !r.get_i64(f.lifetime_s) ||
      !r.get_i64(f.stale_while_revalidate_s) || !r.get_i64(f.stale_if_error_s)) {
    return std::unexpected("truncated head");
  }
  if ((flags & ~uint64_t{kKnownFlags}) != 0) return std::unexpected("unknown head flags");
  if (status < 100 || status > 999) return std::unexpected("bad status in head");
  out.head.status = static_cast<int>(status);
  if ((flags & kHasLength) != 0) out.head.content_length = length;
  f.no_cache = (flags & kNoCache) != 0;
  f.must_revalidate = (flags & kMustRevalidate) != 0;
  f.immutable = (flags & kImmutable) != 0;

  uint64_t count = 0;
  if (!r.get(2, count)) return std::unexpected("truncated head");
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t name_size = 0;
    uint64_t value_size = 0;
    std::string_view name;
    std::string_view value;
    if (!r.get(1, name_size) || !r.get(2, value_size) || !r.bytes(name_size, name) ||
        !r.bytes(value_size, value)) {
      return std::unexpected("truncated head field");
    }
    if (name.empty()) return std::unexpected("empty field name in head");
    out.head.headers.add(name, value);
  }
  if (!r.at_end()) return std::unexpected("trailing bytes in head");
  return out;
}

}  // namespace edge::cache
