// The copy is taken with plain reads; the file's size and modification time before and after
// tell a copy of a file that a writer was changing meanwhile, which is then refused.
#include "edge/geo/private_copy.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace edge::geo {
namespace {

constexpr size_t kChunkBytes = size_t{1} << 20;

std::string system_error(std::string_view what) {
  return std::string(what) + ": " + std::strerror(errno);
}

bool same_version(const struct stat& a, const struct stat& b) {
  return a.st_size == b.st_size && a.st_mtim.tv_sec == b.st_mtim.tv_sec &&
         a.st_mtim.tv_nsec == b.st_mtim.tv_nsec;
}

bool write_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t written = ::write(fd, data, size);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    data += written;
    size -= static_cast<size_t>(written);
  }
  return true;
}

// Copies until end of file; the number of bytes copied, or an error.
std::expected<uint64_t, std::string> copy_bytes(int from, int to) {
  std::vector<char> chunk(kChunkBytes);
  uint64_t copied = 0;
  while (true) {
    const ssize_t got = ::read(from, chunk.data(), chunk.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return std::unexpected(system_error("cannot read"));
    if (got == 0) return copied;
    copied += static_cast<uint64_t>(got);
    if (copied > kMaxDatabaseBytes) return std::unexpected("grew while being copied");
    if (!write_all(to, chunk.data(), static_cast<size_t>(got))) {
      return std::unexpected(system_error("cannot copy into memory"));
    }
  }
}

}  // namespace

std::expected<core::base::UniqueFd, std::string> copy_to_sealed_memory(const std::string& path) {
  core::base::UniqueFd source(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!source) return std::unexpected(system_error("cannot open"));
  struct stat before {};
  if (::fstat(source.get(), &before) != 0) return std::unexpected(system_error("cannot stat"));
  if (!S_ISREG(before.st_mode)) return std::unexpected("not a regular file");
  if (before.st_size == 0) return std::unexpected("empty file");
  if (static_cast<uint64_t>(before.st_size) > kMaxDatabaseBytes) {
    return std::unexpected("larger than " + std::to_string(kMaxDatabaseBytes) + " bytes");
  }

  core::base::UniqueFd copy(::memfd_create("swipecdn-geo", MFD_CLOEXEC | MFD_ALLOW_SEALING));
  if (!copy) return std::unexpected(system_error("cannot create a memory file"));
  const auto copied = copy_bytes(source.get(), copy.get());
  if (!copied) return std::unexpected(copied.error());
  struct stat after {};
  if (::fstat(source.get(), &after) != 0) return std::unexpected(system_error("cannot stat"));
  if (*copied != static_cast<uint64_t>(before.st_size) || !same_version(before, after)) {
    return std::unexpected("changed while being copied");
  }
  if (::fcntl(copy.get(), F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) !=
      0) {
    return std::unexpected(system_error("cannot seal the copy"));
  }
  return copy;
}

std::string path_of_descriptor(int fd) {
  return "/proc/self/fd/" + std::to_string(fd);
}

}  // namespace edge::geo
