// The answer both test handlers give on /shared: Stream::respond_shared with a head made once
// (one of its fields only the codec may write) and fields of the response's own (one of them
// carrying a line break, which must not reach the wire).
#pragma once

#include <array>

#include "core/http/stream.h"
#include "core/server/http1_response.h"

namespace core::server::testing {

inline constexpr std::string_view kSharedBody = "shared body";

inline void respond_shared_answer(http::Stream& stream) {
  static const http::SharedHead head = [] {
    http::Headers fields;
    fields.add("content-type", "text/plain");
    fields.add("x-shared", "yes");
    fields.add("content-length", "999");
    return share_head(200, std::move(fields));
  }();
  const std::array<http::Header, 2> own{http::Header{"x-own", "1"},
                                        http::Header{"x-evil", "a\r\nset-cookie: stolen"}};
  stream.respond_shared(head, own, http::Chunk::copy_of(kSharedBody));
}

}  // namespace core::server::testing
