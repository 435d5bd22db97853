// Internal: what the framing and connection fields of a head say (Content-Length,
// Transfer-Encoding, Connection), read once with the checks both directions share. The
// request and response parsers turn this into a BodyFraming with their own rules.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>

#include "core/http1/header_fields.h"
#include "core/http1/http1_error.h"

namespace core::http1 {

// The transfer codings named by all Transfer-Encoding fields together, in order.
enum class TransferCodings : uint8_t {
  kAbsent,              // no Transfer-Encoding field
  kChunked,             // exactly one coding: chunked
  kChunkedAfterOthers,  // other codings, then chunked as the final one
  kNotChunkedLast,      // chunked missing at the end, or applied more than once
};

struct FramingFields {
  std::optional<uint64_t> content_length;  // the one value all Content-Length fields agree on
  TransferCodings codings = TransferCodings::kAbsent;
  bool close = false;           // Connection: close
  bool keep_alive = false;      // Connection: keep-alive
  bool upgrade = false;         // Connection: upgrade
  bool http2_settings = false;  // Connection: HTTP2-Settings
};

// Reads the fields; kBadContentLength, kBadTransferEncoding or kBadConnection for values
// that do not follow their grammar.
std::expected<FramingFields, Error> read_framing_fields(const HeaderFields& fields);

// Refuses what no HTTP/1 message may combine: Transfer-Encoding in HTTP/1.0 (RFC 9112 6.1)
// and Transfer-Encoding with Content-Length (RFC 9112 6.3, rejected rather than resolved).
std::expected<void, Error> check_framing_conflicts(const FramingFields& framing, int version_minor);

// Whether the connection stays open after this message (RFC 9112 9.3).
bool connection_persists(const FramingFields& framing, int version_minor);

}  // namespace core::http1
