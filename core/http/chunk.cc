// Chunk constructors: the owner pointer keeps the bytes alive as long as any codec holds them.
#include "core/http/chunk.h"

#include <utility>

namespace core::http {

Chunk Chunk::copy_of(std::string_view data) {
  return from_string(std::string(data));
}

Chunk Chunk::from_string(std::string data) {
  auto owned = std::make_shared<const std::string>(std::move(data));
  return Chunk{owned, std::string_view(*owned)};
}

Chunk Chunk::from_file(std::shared_ptr<const base::UniqueFd> file, uint64_t offset,
                       uint64_t length) {
  Chunk chunk;
  chunk.file = std::move(file);
  chunk.file_offset = offset;
  chunk.file_length = length;
  return chunk;
}

}  // namespace core::http
