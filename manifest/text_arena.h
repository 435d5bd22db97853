// TextArena: the memory the segment URIs of one parsed playlist share, and TextBlocks, the
// bump allocator behind it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <memory_resource>

namespace manifest {

// Bump allocation from blocks taken from the default resource, all given back together at
// destruction; deallocate does nothing. As std::pmr::monotonic_buffer_resource, whose
// allocate runs out of line in libstdc++ at some 37 instructions: a parse allocates once
// per segment, and this one's fits in a handful. No block is taken before the first
// allocation; later blocks double in size.
class TextBlocks final : public std::pmr::memory_resource {
 public:
  explicit TextBlocks(size_t first_block_bytes)
      : upstream_(std::pmr::get_default_resource()), next_block_bytes_(first_block_bytes) {}
  TextBlocks(const TextBlocks&) = delete;
  TextBlocks& operator=(const TextBlocks&) = delete;
  ~TextBlocks() override;

 private:
  struct Block;  // the header of each block: they form a list, newest first

  void* do_allocate(size_t bytes, size_t alignment) override {
    // The padding that aligns next_ (alignment is a power of two); no overflow for any bytes.
    const size_t padding = (0 - reinterpret_cast<uintptr_t>(next_)) & (alignment - 1);
    const auto available = static_cast<size_t>(end_ - next_);
    if (bytes != 0 && bytes <= available && padding <= available - bytes) {
      char* at = next_ + padding;
      next_ = at + bytes;
      return at;
    }
    return allocate_from_new_block(bytes, alignment);
  }
  void do_deallocate(void* /*p*/, size_t /*bytes*/, size_t /*alignment*/) override {}
  bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override {
    return this == &other;
  }
  // Out of line, so that the fast path above saves no registers.
  [[gnu::noinline]] void* allocate_from_new_block(size_t bytes, size_t alignment);

  std::pmr::memory_resource* upstream_;
  size_t next_block_bytes_;
  Block* newest_ = nullptr;
  char* next_ = nullptr;  // the free space of the newest block
  char* end_ = nullptr;
};

// The blocks that hold the URIs of the segments a parse produced: one allocation for all of
// them instead of one per URI. It belongs to the playlist and goes with it when the playlist
// is moved; a copy of the playlist copies the URIs out and starts without one. Assigning a
// playlist over another keeps the target's blocks, which the target's own segments may still
// use (copy), or swaps the two (move), so that no string outlives the block it came from.
class TextArena {
 public:
  TextArena() = default;
  explicit TextArena(size_t initial_bytes)
      : resource_(std::make_unique<TextBlocks>(initial_bytes)) {}
  TextArena(const TextArena& /*other*/) {}
  TextArena& operator=(const TextArena& /*other*/) { return *this; }
  TextArena(TextArena&&) noexcept = default;
  TextArena& operator=(TextArena&& other) noexcept {
    resource_.swap(other.resource_);
    return *this;
  }
  ~TextArena() = default;

  // What strings allocate from: the blocks, or the default resource when there are none.
  std::pmr::memory_resource* resource() const {
    return resource_ ? resource_.get() : std::pmr::get_default_resource();
  }
  // Arenas hold no value of the playlist.
  bool operator==(const TextArena& /*other*/) const { return true; }

 private:
  std::unique_ptr<TextBlocks> resource_;
};

}  // namespace manifest
