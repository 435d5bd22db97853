// Shared pieces of the disk tier tests: a temporary directory, a clock the test drives, a loop
// with a mailbox to receive read results, and helpers that store and read whole objects.
#pragma once

#include <event2/event.h>
#include <event2/thread.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <expected>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/base/clock.h"
#include "core/base/unique_handle.h"
#include "core/server/mailbox.h"
#include "edge/cache/disk_tier.h"

namespace edge::cache::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "disk-tier-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class FakeClock final : public core::base::Clock {
 public:
  std::chrono::steady_clock::time_point now() const override {
    return std::chrono::steady_clock::time_point(std::chrono::seconds(seconds_.load()));
  }
  int64_t unix_seconds() const override { return 1'700'000'000 + seconds_.load(); }
  void advance(int64_t seconds) { seconds_ += seconds; }

 private:
  std::atomic<int64_t> seconds_{1000};
};

// An event loop run by the test thread until a result arrives.
class TestLoop {
 public:
  TestLoop() {
    evthread_use_pthreads();
    base_.reset(event_base_new());
    mailbox_ = core::server::Mailbox::create(base_.get());
  }
  ~TestLoop() { mailbox_->close(); }
  const std::shared_ptr<core::server::Mailbox>& mailbox() const { return mailbox_; }
  template <typename Done>
  void run_until(Done done) {
    while (!done())
      event_base_loop(base_.get(), EVLOOP_ONCE);
  }

 private:
  core::base::UniqueHandle<event_base, event_base_free> base_;
  std::shared_ptr<core::server::Mailbox> mailbox_;
};

// Bytes that depend on the key and the position, so a mixed-up or torn object shows.
inline std::string body_for(std::string_view key, size_t size) {
  std::string body(size, '\0');
  size_t seed = std::hash<std::string_view>{}(key);
  for (size_t i = 0; i < size; ++i)
    body[i] = static_cast<char>((seed >> (i % 7)) + i * 31);
  return body;
}

// Appends `body` in chunks of `chunk` bytes and commits it with `size`.
inline void write_object(DiskWriter& writer, const std::string& body, uint64_t size,
                         size_t chunk = 64 << 10) {
  auto owner = std::make_shared<const std::string>(body);
  for (size_t at = 0; at < owner->size(); at += chunk) {
    writer.append(core::http::Chunk{owner, std::string_view(*owner).substr(at, chunk)});
  }
  writer.commit(size);
}

// Stores `key` with body_for(key, size) and waits until it is committed; false when refused.
inline bool store(DiskTier& tier, const std::string& key, size_t size, std::string head = "head",
                  uint32_t flags = 0) {
  auto writer = tier.begin(key, std::move(head), flags);
  if (!writer) return false;
  write_object(*writer, body_for(key, size), size);
  writer.reset();
  tier.flush();
  return true;
}

// The whole object, read in kMaxReadBytes pieces through the loop's mailbox.
inline std::expected<std::string, std::string> read_all(DiskTier& tier, TestLoop& loop,
                                                        std::shared_ptr<const DiskEntry> entry) {
  std::string out;
  while (out.size() < entry->size) {
    std::optional<std::expected<core::http::Chunk, std::string>> result;
    tier.read(entry, out.size(), entry->size - out.size(), loop.mailbox(),
              [&](std::expected<core::http::Chunk, std::string> r) { result = std::move(r); });
    loop.run_until([&] { return result.has_value(); });
    if (!*result) return std::unexpected((*result).error());
    if ((*result)->bytes.empty()) return std::unexpected("short object");
    out += (*result)->bytes;
  }
  return out;
}

inline size_t count_files(const std::filesystem::path& dir) {
  size_t files = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file()) ++files;
  }
  return files;
}

// Asks the kernel to drop a file's clean pages and checks, with mincore rather than the code under
// test, that none of its first `length` bytes stayed resident. The advice is only a hint: a page
// still held elsewhere (a journal commit, a reader) stays, so this retries a while and returns
// false if the pages would not go.
inline bool drop_cached_pages(int fd, size_t length) {
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  void* map = ::mmap(nullptr, length, PROT_READ, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) return false;
  std::vector<unsigned char> resident((length + page - 1) / page);
  bool dropped = false;
  for (int attempt = 0; attempt < 100 && !dropped; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (::fdatasync(fd) != 0 || ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) != 0) break;
    if (::mincore(map, length, resident.data()) != 0) break;
    dropped = std::none_of(resident.begin(), resident.end(), [](unsigned char r) { return r & 1; });
  }
  ::munmap(map, length);
  return dropped;
}

// Whether `found_uncached` (a read that tells whether it found the pages missing) says so right
// after the pages were dropped, within three tries; nullopt if the kernel would not drop them. A
// read with RWF_NOWAIT that misses still starts readahead, and on a fast device that can finish
// before the read gives up (about 1 read in 1,000 on a virtio disk), so one try is not enough.
template <class Read>
std::optional<bool> found_uncached_after_drop(int fd, size_t length, Read found_uncached) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (!drop_cached_pages(fd, length)) return std::nullopt;
    if (found_uncached()) return true;
  }
  return false;
}

}  // namespace edge::cache::testing
