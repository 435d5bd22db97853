// The stored form of a cached response head: status, content length, header fields and
// Freshness as one opaque blob (the disk tier keeps it in its LMDB index). Decoding treats the
// blob as untrusted: every length is bounds-checked and a checksum rejects corruption.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "core/http/message.h"
#include "edge/cache/freshness.h"

namespace edge::cache {

struct StoredHead {
  core::http::ResponseHead head;  // close_connection is not stored (always false)
  Freshness freshness;
};

// The blob of `stored`. Fields with names over 255 bytes or values over 65535 bytes are left
// out (no HTTP/1 or HTTP/2 peer of ours sends them).
std::string encode_head(const StoredHead& stored);

// The head of `blob`, or why it is not one (truncated, wrong magic or version, checksum, bad
// lengths, trailing bytes). Never reads outside `blob`.
std::expected<StoredHead, std::string> decode_head(std::string_view blob);

}  // namespace edge::cache
