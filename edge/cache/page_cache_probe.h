// Whether a file's pages are in the page cache, asked cheaply, and reads that never wait for the
// disk. The disk tier brings an object's
// pages in (readahead) off the loop before sendfile sends it on the loop; readahead walks every
// page even when all of them are there already, which a hot segment's always are.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace edge::cache {

// True when the first and the last byte of the `length` bytes at `offset` can be read without
// waiting for the disk. Pages between them may still be out (the span is what one response
// sends, and its pages are read and evicted together, so they seldom are); false on any doubt,
// including a file system that cannot tell.
bool pages_look_cached(int fd, uint64_t offset, uint64_t length);

// The `length` bytes at `offset` when every one of them is in the page cache (or the file ends
// first: then the bytes up to its end); nullopt when reading them would wait for the disk,
// or on any error, which a read off the loop then meets and reports.
std::optional<std::string> read_if_cached(int fd, uint64_t offset, uint64_t length);

}  // namespace edge::cache
