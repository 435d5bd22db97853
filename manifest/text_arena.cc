// TextBlocks' slow path: a new block when the newest one has no room, and giving them back.
#include "manifest/text_arena.h"

#include <algorithm>
#include <new>

namespace manifest {

struct TextBlocks::Block {
  Block* previous;
  size_t bytes;  // the whole block, this header included
};

TextBlocks::~TextBlocks() {
  while (newest_ != nullptr) {
    Block* block = newest_;
    newest_ = block->previous;
    upstream_->deallocate(block, block->bytes, alignof(Block));
  }
}

void* TextBlocks::allocate_from_new_block(size_t bytes, size_t alignment) {
  bytes = std::max<size_t>(bytes, 1);  // distinct pointers for empty requests too
  // Room for the header, the worst padding and the request, however large it is.
  const size_t needed = sizeof(Block) + (alignment - 1) + bytes;
  if (needed < bytes) throw std::bad_alloc();  // as any memory_resource that cannot serve
  const size_t block_bytes = std::max(next_block_bytes_, needed);
  void* memory = upstream_->allocate(block_bytes, alignof(Block));
  newest_ = new (memory) Block{newest_, block_bytes};
  next_block_bytes_ *= 2;
  next_ = reinterpret_cast<char*>(newest_ + 1);
  end_ = static_cast<char*>(memory) + block_bytes;
  return do_allocate(bytes, alignment);
}

}  // namespace manifest
