// pages_look_cached: two one-byte reads with RWF_NOWAIT, which fail with EAGAIN instead of
// waiting when the page is not in the page cache.
#include "edge/cache/page_cache_probe.h"

#include <sys/uio.h>

#include <array>

namespace edge::cache {

bool pages_look_cached(int fd, uint64_t offset, uint64_t length) {
  if (length == 0) return true;
  char byte = 0;
  iovec into{&byte, 1};
  for (uint64_t at : std::array<uint64_t, 2>{offset, offset + length - 1}) {
    if (::preadv2(fd, &into, 1, static_cast<off_t>(at), RWF_NOWAIT) != 1) return false;
  }
  return true;
}

}  // namespace edge::cache
