// Sixteen-byte chunks for the parser's byte scans (line reader, attribute lists). GCC/Clang
// vector extensions: compares work lane by lane and compile to SSE2 on x86-64 and to NEON on
// ARM, with no intrinsics. Internal to manifest/.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace manifest {

using Chunk = signed char __attribute__((vector_size(16)));
inline constexpr size_t kChunkSize = sizeof(Chunk);

// The 16 bytes at p, which must all be readable.
inline Chunk load_chunk(const void* p) {
  Chunk chunk;
  std::memcpy(&chunk, p, sizeof(chunk));
  return chunk;
}

// The index of the first lane of `flags` (lanes are 0 or -1) that is set, or kChunkSize.
inline size_t first_flagged(Chunk flags) {
  uint64_t halves[2];
  std::memcpy(halves, &flags, sizeof(halves));
  if constexpr (std::endian::native == std::endian::little) {
    if (halves[0] != 0) return static_cast<size_t>(std::countr_zero(halves[0])) / 8;
    if (halves[1] != 0) return 8 + static_cast<size_t>(std::countr_zero(halves[1])) / 8;
  } else {
    if (halves[0] != 0) return static_cast<size_t>(std::countl_zero(halves[0])) / 8;
    if (halves[1] != 0) return 8 + static_cast<size_t>(std::countl_zero(halves[1])) / 8;
  }
  return kChunkSize;
}

// How many lanes of `flags` (lanes are 0 or -1) are set: the low bit of each byte, summed by
// a multiply into the top byte (at most 8 per half, so no carry), without a popcount.
inline size_t count_flagged(Chunk flags) {
  constexpr uint64_t kLowBits = 0x0101010101010101;
  uint64_t halves[2];
  std::memcpy(halves, &flags, sizeof(halves));
  return static_cast<size_t>((((halves[0] & kLowBits) * kLowBits) >> 56) +
                             (((halves[1] & kLowBits) * kLowBits) >> 56));
}

}  // namespace manifest
