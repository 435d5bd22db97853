// Whether a file's pages are in the page cache, asked cheaply, and reads that never wait for the
// disk: reads with RWF_NOWAIT, which a loop may make. One that would wait returns at once; the
// kernel may start reading the missing pages in the background (Linux 6 does), which the
// read on an I/O thread that follows then finds under way. On a fast device that reading can
// even end before the call returns, which then succeeds: rarely, and without having waited.
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

// Whether the file system of `fd` answers reads that must not wait (RWF_NOWAIT); some do not.
bool answers_without_waiting(int fd);

// The `length` bytes at `offset` when every one of them is in the page cache (or the file ends
// first: then the bytes up to its end); nullopt when reading them would wait for the disk,
// or on any error, which a read off the loop then meets and reports.
std::optional<std::string> read_if_cached(int fd, uint64_t offset, uint64_t length);

}  // namespace edge::cache
