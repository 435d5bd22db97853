// Decoder of the chunked transfer coding (RFC 9112 7.1) working in place: it hands out views
// of chunk data in the caller's buffer and says how many bytes it used, so a large upload
// streams through without being held in memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string_view>

#include "core/http1/head_scanner.h"
#include "core/http1/header_fields.h"
#include "core/http1/http1_error.h"
#include "core/http1/limits.h"

namespace core::http1 {

// Result of one decode() call of a body decoder.
struct BodyStep {
  size_t consumed = 0;    // bytes of the input used up (framing and data); drop them
  std::string_view data;  // body bytes: a view into the input, within the consumed bytes
  bool done = false;      // the body has ended; nothing after `consumed` belongs to it
};

class ChunkedDecoder {
 public:
  explicit ChunkedDecoder(const Limits& limits = {});

  // `input` is the connection's bytes after everything earlier calls consumed (bytes not
  // consumed are presented again, maybe moved). Each call uses framing bytes and at most one
  // run of chunk data; call again after dropping `consumed` bytes. consumed == 0 and !done
  // means more input is needed. The trailer section is consumed only once complete; its
  // fields are then trailers(). Errors are final, as for the head parsers.
  std::expected<BodyStep, Error> decode(std::string_view input);

  bool done() const { return state_ == State::kDone; }
  // Body bytes decoded so far.
  uint64_t body_size() const { return body_size_; }
  // Trailer fields once done(): views into the input of the call that returned done, valid
  // while the caller keeps those bytes in place.
  const HeaderFields& trailers() const { return trailers_; }

  // Prepares for the next chunked body.
  void reset();

 private:
  enum class State : uint8_t {
    kSize,       // hex digits of the chunk size
    kSizeSpace,  // BWS after the size, before ';'
    kExtension,  // chunk extensions, tolerated and bounded
    kSizeLf,     // LF ending the size line
    kData,
    kDataCr,  // CRLF after the chunk data
    kDataLf,
    kTrailer,  // field lines after the last chunk
    kDone,
  };

  std::expected<void, Error> size_line_byte(unsigned char c);
  std::expected<void, Error> end_size_line();

  Limits limits_;
  HeadScanner trailer_scanner_;
  HeaderFields trailers_;
  State state_ = State::kSize;
  uint64_t chunk_size_ = 0;  // size of the chunk being read, then its bytes still to come
  size_t size_digits_ = 0;
  size_t line_size_ = 0;  // bytes of the current size line so far
  uint64_t body_size_ = 0;
  std::optional<Error> error_;
};

}  // namespace core::http1
