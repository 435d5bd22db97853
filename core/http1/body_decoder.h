// One decoder for every request or response body framing (RFC 9112 6.3): Content-Length,
// chunked, read-until-close, or none. Same in-place contract as ChunkedDecoder.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string_view>

#include "core/http1/chunked_decoder.h"
#include "core/http1/header_fields.h"
#include "core/http1/http1_error.h"
#include "core/http1/limits.h"
#include "core/http1/message.h"

namespace core::http1 {

class BodyDecoder {
 public:
  // Starts with an empty body (BodyFraming::kNone) until reset() names the framing.
  explicit BodyDecoder(const Limits& limits = {});

  // Starts the body of a head just parsed: its framing and, for kContentLength, its length.
  void reset(BodyFraming framing, uint64_t content_length = 0);

  // As ChunkedDecoder::decode(): `input` is the bytes after everything consumed so far;
  // returns the bytes used, at most one view of body bytes, and whether the body ended.
  // A body with no bytes is done at the first call. kBodyTooLarge once a read-until-close
  // body has delivered Limits::max_body bytes and more arrive.
  std::expected<BodyStep, Error> decode(std::string_view input);

  // The peer closed the connection: fine when the body is done or read until close (it is
  // then done), kIncompleteMessage otherwise.
  std::expected<void, Error> finish();

  bool done() const { return done_; }
  BodyFraming framing() const { return framing_; }
  // Body bytes delivered so far.
  uint64_t body_size() const;
  // Trailer fields of a chunked body once done(); empty for other framings.
  const HeaderFields& trailers() const { return chunked_.trailers(); }

 private:
  Limits limits_;
  ChunkedDecoder chunked_;
  BodyFraming framing_ = BodyFraming::kNone;
  uint64_t remaining_ = 0;  // kContentLength: bytes still to come
  uint64_t delivered_ = 0;  // kContentLength and kUntilClose
  bool done_ = true;
};

}  // namespace core::http1
