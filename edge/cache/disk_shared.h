// State of the disk tier shared by its parts (the loops' calls, the I/O threads, the
// committer thread): configuration, the runtime index, admission, metrics and the writes in
// flight. Every member is thread-safe on its own.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/base/clock.h"
#include "core/base/unique_handle.h"
#include "core/http/chunk.h"
#include "edge/cache/cache_metrics.h"
#include "edge/cache/disk_index.h"
#include "edge/cache/disk_paths.h"
#include "edge/cache/disk_tier.h"
#include "edge/cache/open_files.h"

namespace edge::cache {

// Closed after a disk-full or index-full error; open again after an eviction freed space, or
// after kPause in case the space came back some other way.
class DiskAdmission {
 public:
  static constexpr std::chrono::seconds kPause{30};
  explicit DiskAdmission(const core::base::Clock& clock) : clock_(clock) {}

  bool admitting();
  void close();
  void reopen() { closed_.store(false, std::memory_order_relaxed); }

 private:
  const core::base::Clock& clock_;
  std::atomic<bool> closed_{false};
  std::atomic<int64_t> closed_at_ns_{0};  // steady clock
};

// One object being stored. The loop side fills `pending` under `mutex`; one I/O task at a
// time (while `scheduled`) drains it into the temp file.
struct WriteJob {
  enum class End : uint8_t { kNone, kCommit, kAbort };

  std::string key;
  std::string head;
  uint32_t flags = 0;
  uint64_t id = 0;
  std::atomic<bool> cancelled{false};  // purged while being written

  std::mutex mutex;
  std::vector<core::http::Chunk> pending;  // under mutex
  bool scheduled = false;                  // under mutex
  End end = End::kNone;                    // under mutex
  uint64_t expected_size = 0;              // under mutex

  // Who hears how the job ended (DiskWriter::commit with a callback): told once, by the
  // thread that ends the job, or at once by commit() when the job ended before it.
  struct EndNotice {
    std::mutex mutex;
    bool ended = false;
    bool published = false;
    std::function<void(bool)> callback;
  };
  std::shared_ptr<EndNotice> notice = std::make_shared<EndNotice>();

  // The I/O thread's side.
  core::base::UniqueFd fd;
  uint64_t written = 0;
  std::optional<WriteFailure> failed;
  int64_t stored_at = 0;
};

// Writes in flight by key: at most one per key, and a purge can cancel them.
class InflightWrites {
 public:
  // False when `job->key` is being written already.
  bool add(const std::shared_ptr<WriteJob>& job);
  void release(const WriteJob& job);
  size_t cancel(std::string_view key);
  size_t cancel_prefix(std::string_view prefix);
  // Runs `publish` (unless the job was cancelled) and releases the job, under the lock, so
  // that a purge either cancels the job or finds its entry published. Returns whether published.
  bool finish(const WriteJob& job, const std::function<void()>& publish);

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<WriteJob>, Hash, std::equal_to<>> jobs_;
};

struct DiskShared {
  DiskShared(DiskConfig disk_config, core::metrics::Registry& registry);

  uint64_t high_bytes() const;
  uint64_t low_bytes() const;
  void log(std::string message) const;
  void sync_gauges();

  DiskConfig config;
  DiskPaths paths;
  core::base::SystemClock system_clock;
  const core::base::Clock& clock;
  DiskIndex index;
  DiskAdmission admission;
  DiskMetrics metrics;
  InflightWrites inflight;
  OpenFiles open_files;
  std::atomic<uint64_t> next_id{1};
  std::atomic<uint64_t> evictions{0};
  std::atomic<uint64_t> refused{0};
  uint64_t recovered_dropped = 0;  // set once by open()
  // Set once by open(): reads on the cache's file system can be asked not to wait for the
  // disk (RWF_NOWAIT), so a loop may read or send what the page cache holds.
  bool loop_reads = false;
};

}  // namespace edge::cache
