// A piece of a response body: bytes kept alive by a shared owner, so one cached segment can
// be sent to every viewer without a copy.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace core::http {

struct Chunk {
  std::shared_ptr<const void> owner;  // keeps `bytes` alive; may be null for static data
  std::string_view bytes;

  // A chunk that owns a copy of `data`, for small generated bodies.
  static Chunk copy_of(std::string_view data);
  // A chunk that takes `data` over without copying.
  static Chunk from_string(std::string data);
};

}  // namespace core::http
