// Helpers for the core::http1 tests: feeding a parser whole or byte by byte, and draining a
// body decoder over a buffer.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "core/http1/body_decoder.h"
#include "core/http1/http1_error.h"
#include "core/http1/message.h"

namespace core::http1::testing {

// Feeds `text` one more byte per call, as a slow client would, until the parser completes,
// fails, or the text is used up (then {complete = false}).
template <typename Parser>
std::expected<HeadProgress, Error> parse_bytewise(Parser& parser, std::string_view text) {
  for (size_t n = 0; n <= text.size(); ++n) {
    auto progress = parser.parse(text.substr(0, n));
    if (!progress || progress->complete) return progress;
  }
  return HeadProgress{};
}

// Everything a body decoder gives for `input`, decoded in as many calls as it takes.
struct DrainedBody {
  std::string body;
  size_t consumed = 0;
  bool done = false;
};
inline std::expected<DrainedBody, Error> drain(BodyDecoder& decoder, std::string_view input) {
  DrainedBody out;
  for (;;) {
    auto step = decoder.decode(input.substr(out.consumed));
    if (!step) return std::unexpected(step.error());
    out.body.append(step->data);
    out.consumed += step->consumed;
    out.done = step->done;
    if (step->done || step->consumed == 0) return out;
  }
}

}  // namespace core::http1::testing
