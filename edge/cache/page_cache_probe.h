// Whether a file's pages are in the page cache, asked cheaply. The disk tier brings an object's
// pages in (readahead) off the loop before sendfile sends it on the loop; readahead walks every
// page even when all of them are there already, which a hot segment's always are.
#pragma once

#include <cstdint>

namespace edge::cache {

// True when the first and the last byte of the file's first `size` bytes can be read without
// waiting for the disk. Pages between them may still be out (an object's pages are written,
// read and evicted together, so they seldom are); false on any doubt.
bool pages_look_cached(int fd, uint64_t size);

}  // namespace edge::cache
