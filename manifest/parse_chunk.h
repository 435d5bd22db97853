// Sixteen-byte chunks for the parser's byte scans (line reader, attribute lists). GCC/Clang
// vector extensions: compares work lane by lane and compile to SSE2 on x86-64 and to NEON on
// ARM; only the lane mask uses an x86 intrinsic. Internal to manifest/.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace manifest {

using Chunk = signed char __attribute__((vector_size(16)));
inline constexpr size_t kChunkSize = sizeof(Chunk);

// The 16 bytes at p, which must all be readable.
inline Chunk load_chunk(const void* p) {
  Chunk chunk;
  std::memcpy(&chunk, p, sizeof(chunk));
  return chunk;
}

// Bit i set when lane i of `flags` (lanes are 0 or -1) is set: one instruction on x86-64;
// elsewhere the lanes' high bits are gathered into a byte per half by a multiply.
inline unsigned lane_mask(Chunk flags) {
#if defined(__SSE2__)
  return static_cast<unsigned>(_mm_movemask_epi8(std::bit_cast<__m128i>(flags)));
#else
  constexpr uint64_t kHighBits = 0x8080808080808080;
  constexpr uint64_t kGather = 0x0002040810204081;
  uint64_t halves[2];
  std::memcpy(halves, &flags, sizeof(halves));
  if constexpr (std::endian::native == std::endian::big) {
    halves[0] = std::byteswap(halves[0]);
    halves[1] = std::byteswap(halves[1]);
  }
  const auto low = static_cast<unsigned>(((halves[0] & kHighBits) * kGather) >> 56);
  const auto high = static_cast<unsigned>(((halves[1] & kHighBits) * kGather) >> 56);
  return low | (high << 8);
#endif
}

// The index of the first lane of `flags` (lanes are 0 or -1) that is set, or kChunkSize.
inline size_t first_flagged(Chunk flags) {
  const unsigned mask = lane_mask(flags);
  return mask == 0 ? kChunkSize : static_cast<size_t>(std::countr_zero(mask));
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
