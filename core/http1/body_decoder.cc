// BodyDecoder: Content-Length and read-until-close bodies are spans of the input; chunked
// bodies go through ChunkedDecoder.
#include "core/http1/body_decoder.h"

#include <algorithm>

namespace core::http1 {

BodyDecoder::BodyDecoder(const Limits& limits) : limits_(limits), chunked_(limits) {}

void BodyDecoder::reset(BodyFraming framing, uint64_t content_length) {
  framing_ = framing;
  chunked_.reset();
  remaining_ = framing == BodyFraming::kContentLength ? content_length : 0;
  delivered_ = 0;
  done_ = framing == BodyFraming::kNone ||
          (framing == BodyFraming::kContentLength && content_length == 0);
}

std::expected<BodyStep, Error> BodyDecoder::decode(std::string_view input) {
  if (done_) return BodyStep{0, {}, true};
  switch (framing_) {
    case BodyFraming::kChunked: {
      auto step = chunked_.decode(input);
      if (step) done_ = step->done;
      return step;
    }
    case BodyFraming::kContentLength: {
      const size_t n = static_cast<size_t>(std::min<uint64_t>(remaining_, input.size()));
      remaining_ -= n;
      delivered_ += n;
      done_ = remaining_ == 0;
      return BodyStep{n, input.substr(0, n), done_};
    }
    case BodyFraming::kUntilClose: {
      // Delivering up to the bound before refusing keeps the verdict independent of how
      // the bytes were split between calls.
      const uint64_t room = limits_.max_body - delivered_;
      if (room == 0 && !input.empty()) return std::unexpected(Error::kBodyTooLarge);
      const size_t n = static_cast<size_t>(std::min<uint64_t>(room, input.size()));
      delivered_ += n;
      return BodyStep{n, input.substr(0, n), false};
    }
    case BodyFraming::kNone:
      break;
  }
  return BodyStep{0, {}, true};
}

std::expected<void, Error> BodyDecoder::finish() {
  if (framing_ == BodyFraming::kUntilClose) done_ = true;
  if (!done_) return std::unexpected(Error::kIncompleteMessage);
  return {};
}

uint64_t BodyDecoder::body_size() const {
  return framing_ == BodyFraming::kChunked ? chunked_.body_size() : delivered_;
}

}  // namespace core::http1
