// A piece of a response body: bytes kept alive by a shared owner, so one cached segment can
// be sent to every viewer without a copy; or a span of an open file, which a codec that can
// (cleartext HTTP/1.1, see Stream::can_send_file) sends with sendfile(2).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/base/unique_handle.h"

namespace core::http {

struct Chunk {
  std::shared_ptr<const void> owner;  // keeps `bytes` alive; may be null for static data
  std::string_view bytes;
  // When set, the chunk's body is file_length bytes of this file from file_offset, and
  // `bytes` is empty. Only streams whose can_send_file() is true are given such chunks.
  std::shared_ptr<const base::UniqueFd> file = nullptr;
  uint64_t file_offset = 0;
  uint64_t file_length = 0;

  // A chunk that owns a copy of `data`, for small generated bodies.
  static Chunk copy_of(std::string_view data);
  // A chunk that takes `data` over without copying.
  static Chunk from_string(std::string data);
  // A chunk of `length` bytes of `file` from `offset`.
  static Chunk from_file(std::shared_ptr<const base::UniqueFd> file, uint64_t offset,
                         uint64_t length);

  // Body bytes this chunk carries, in memory or in its file.
  uint64_t size() const { return file ? file_length : bytes.size(); }
};

}  // namespace core::http
