// pages_look_cached and read_if_cached: reads with RWF_NOWAIT, which fail with EAGAIN instead of
// waiting when a page is not in the page cache (and return what they read before such a page).
#include "edge/cache/page_cache_probe.h"

#include <sys/uio.h>

#include <array>
#include <cerrno>

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

bool answers_without_waiting(int fd) {
  char byte = 0;
  iovec into{&byte, 1};
  if (::preadv2(fd, &into, 1, 0, RWF_NOWAIT) >= 0) return true;
  return errno != EOPNOTSUPP && errno != EINVAL && errno != ENOSYS;
}

std::optional<std::string> read_if_cached(int fd, uint64_t offset, uint64_t length) {
  std::string bytes(length, '\0');
  std::size_t got = 0;
  while (got < length) {
    iovec into{bytes.data() + got, length - got};
    ssize_t n = ::preadv2(fd, &into, 1, static_cast<off_t>(offset + got), RWF_NOWAIT);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::nullopt;
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  bytes.resize(got);
  return bytes;
}

}  // namespace edge::cache
