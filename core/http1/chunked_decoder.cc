// The chunked coding as a byte-level state machine for the size lines (nothing to rescan
// when a line arrives in pieces), spans of chunk data, and the head scanner for trailers.
#include "core/http1/chunked_decoder.h"

#include <algorithm>
#include <limits>

#include "core/http1/field_rules.h"

namespace core::http1 {
namespace {

HeadScanner::Rules trailer_rules(const Limits& limits) {
  HeadScanner::Rules rules;
  rules.start_line = false;
  rules.max_bytes = limits.max_trailer_bytes;
  rules.max_fields = limits.max_fields;
  rules.too_large = Error::kTrailerTooLarge;
  rules.too_many_fields = Error::kTrailerTooLarge;
  return rules;
}

std::optional<unsigned> hex_value(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return std::nullopt;
}

}  // namespace

ChunkedDecoder::ChunkedDecoder(const Limits& limits)
    : limits_(limits), trailer_scanner_(trailer_rules(limits)) {}

void ChunkedDecoder::reset() {
  trailer_scanner_.reset(trailers_);
  state_ = State::kSize;
  chunk_size_ = 0;
  size_digits_ = 0;
  line_size_ = 0;
  body_size_ = 0;
  error_.reset();
}

std::expected<BodyStep, Error> ChunkedDecoder::decode(std::string_view input) {
  if (error_) return std::unexpected(*error_);
  size_t used = 0;
  while (state_ != State::kDone && (used < input.size() || state_ == State::kTrailer)) {
    if (state_ == State::kData) {
      const size_t n = static_cast<size_t>(std::min<uint64_t>(chunk_size_, input.size() - used));
      const std::string_view data = input.substr(used, n);
      chunk_size_ -= n;
      body_size_ += n;
      if (chunk_size_ == 0) state_ = State::kDataCr;
      return BodyStep{used + n, data, false};
    }
    if (state_ == State::kTrailer) {
      auto event = trailer_scanner_.scan(input.substr(used), trailers_);
      if (!event) {
        error_ = event.error();
        return std::unexpected(*error_);
      }
      if (*event != HeadScanner::Event::kComplete) break;
      state_ = State::kDone;
      used += trailer_scanner_.size();
      break;
    }
    const auto c = static_cast<unsigned char>(input[used]);
    std::expected<void, Error> ok;
    if (state_ == State::kDataCr || state_ == State::kDataLf) {
      const unsigned char want = state_ == State::kDataCr ? '\r' : '\n';
      if (c != want) {
        ok = std::unexpected(Error::kBadChunkTerminator);
      } else {
        state_ = state_ == State::kDataCr ? State::kDataLf : State::kSize;
      }
    } else {
      ok = size_line_byte(c);
    }
    if (!ok) {
      error_ = ok.error();
      return std::unexpected(*error_);
    }
    ++used;
  }
  return BodyStep{used, {}, state_ == State::kDone};
}

std::expected<void, Error> ChunkedDecoder::size_line_byte(unsigned char c) {
  if (state_ == State::kSizeLf) {
    if (c != '\n') return std::unexpected(Error::kBareCr);
    return end_size_line();
  }
  if (c == '\n') return std::unexpected(Error::kBareLf);
  if (c == '\r') {
    if (state_ == State::kSizeSpace) return std::unexpected(Error::kBadChunkExtension);
    if (size_digits_ == 0) return std::unexpected(Error::kBadChunkSize);
    state_ = State::kSizeLf;
    return {};
  }
  if (++line_size_ > limits_.max_chunk_line) return std::unexpected(Error::kChunkLineTooLong);
  if (state_ == State::kSize) {
    if (const auto digit = hex_value(c)) {
      if (chunk_size_ > (std::numeric_limits<uint64_t>::max() >> 4)) {
        return std::unexpected(Error::kBadChunkSize);
      }
      chunk_size_ = (chunk_size_ << 4) | *digit;
      ++size_digits_;
      return {};
    }
    if (size_digits_ == 0) return std::unexpected(Error::kBadChunkSize);
    if (is_ows(c)) {
      state_ = State::kSizeSpace;
    } else if (c == ';') {
      state_ = State::kExtension;
    } else {
      return std::unexpected(Error::kBadChunkSize);
    }
    return {};
  }
  if (state_ == State::kSizeSpace) {
    if (c == ';') {
      state_ = State::kExtension;
    } else if (!is_ows(c)) {
      return std::unexpected(Error::kBadChunkExtension);
    }
    return {};
  }
  // kExtension: any visible byte or whitespace; the grammar of names and values does not
  // matter to framing, and the length is bounded above.
  if (!is_field_vchar(c) && !is_ows(c)) return std::unexpected(Error::kBadChunkExtension);
  return {};
}

std::expected<void, Error> ChunkedDecoder::end_size_line() {
  line_size_ = 0;
  size_digits_ = 0;
  if (chunk_size_ == 0) {
    state_ = State::kTrailer;
    return {};
  }
  // body_size_ never exceeds max_body: every chunk was checked here before its data.
  if (chunk_size_ > limits_.max_body - body_size_) {
    return std::unexpected(Error::kBodyTooLarge);
  }
  state_ = State::kData;
  return {};
}

}  // namespace core::http1
