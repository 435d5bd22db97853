// The disk tier: one file per object under DIR/objects, indexed in LMDB under DIR/index, with
// a byte budget kept by S3-FIFO eviction. Process-wide and thread-safe; nothing here blocks a
// loop: file I/O runs on an I/O thread pool and every LMDB write on one committer thread, and a
// loop reads only what the page cache holds, with reads that cannot wait (page_cache_probe.h).
//
// Why S3-FIFO, not LRU (details in disk_index.h): most objects of a swipe feed are asked for
// once, and a small FIFO that new objects must leave with a second hit keeps them from pushing
// out the ones asked for again. On the generated swipe trace of `build/bin/cache_policy_sim`
// its byte hit ratio is 1.25x LRU's with a cache of 1% of the unique bytes, 1.13x at 3%, on
// par at 10%, ahead of segmented LRU and W-TinyLFU; and a hit takes no list lock.
//
// Why a file per object, not slabs: objects are whole HLS segments and playlists (1 KB to a
// few MB), read whole or by range and sent with sendfile; the kernel page cache already is the
// second memory level, and crash safety is a rename plus one LMDB commit.
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/base/clock.h"
#include "core/base/unique_handle.h"
#include "core/http/chunk.h"
#include "core/metrics/registry.h"
#include "core/server/mailbox.h"
#include "edge/cache/disk_entry.h"

namespace edge::cache {

struct DiskConfig {
  std::filesystem::path dir;
  uint64_t budget_bytes = 0;
  double high_watermark = 0.95;  // eviction starts when stored bytes pass budget * high
  double low_watermark = 0.90;   // ... and stops once they are at most budget * low
  uint64_t max_object_bytes = 64 << 20;
  size_t index_map_bytes = size_t{1} << 30;  // LMDB map size
  int io_threads = 2;
  // Descriptors of served objects kept open (open_files.h), at most a quarter of the process's
  // descriptor limit; 0 opens the file for every hit.
  std::size_t open_files = 1024;
  // fdatasync each object before it is indexed. A killed process loses nothing without it
  // (the page cache outlives the process); this guards against power loss, at a disk flush
  // per object on the I/O threads.
  bool sync_files = false;
  // Unix seconds for DiskEntry::stored_at and the 30 s admission pause; null: the system's.
  // Must outlive the tier.
  const core::base::Clock* clock = nullptr;
  // Told about disk and index errors (one line each), on a tier thread; may be empty.
  std::function<void(std::string)> log;
  // Told about every entry eviction removes (to account for warmed objects nobody used), on
  // the committer thread; may be empty.
  std::function<void(const DiskEntry&)> evicted;
};

class DiskTier;
struct WriteJob;

// One object being stored; used from one loop thread. Must be destroyed before its DiskTier.
class DiskWriter {
 public:
  // Destroyed without commit(): aborted, the temp file removed, nothing visible.
  virtual ~DiskWriter();
  DiskWriter(const DiskWriter&) = delete;
  DiskWriter& operator=(const DiskWriter&) = delete;

  // Queued to an I/O thread; the chunk's owner keeps the bytes alive, nothing is copied.
  void append(core::http::Chunk chunk);
  // Visible to find() once written, its length equal to `expected_size`, renamed into place
  // and indexed in LMDB; a mismatch or a write error aborts and nothing becomes visible.
  // No append() may follow.
  void commit(uint64_t expected_size);
  // The same, and `done(visible)` runs on `mailbox`'s loop once the object is findable (true)
  // or was dropped (false), so that whoever fetched it knows when the tier answers for it.
  void commit(uint64_t expected_size, std::shared_ptr<core::server::Mailbox> mailbox,
              std::function<void(bool)> done);

 private:
  friend class DiskTier;
  DiskWriter(DiskTier& tier, std::shared_ptr<WriteJob> job);
  void finish(bool commit, uint64_t expected_size);
  void schedule_drain();

  DiskTier& tier_;
  std::shared_ptr<WriteJob> job_;
  bool committed_ = false;
};

class DiskTier {
 public:
  using ReadDone = std::function<void(std::expected<core::http::Chunk, std::string>)>;
  using SendFd = std::shared_ptr<const core::base::UniqueFd>;
  using OpenDone = std::function<void(std::expected<SendFd, std::string>)>;

  // Blocking: creates the directories, recovers from any crash (see disk_recovery.h) and
  // starts the threads. Call at startup, before the loops run. `metrics` must outlive the tier.
  static std::expected<std::unique_ptr<DiskTier>, std::string> open(
      DiskConfig config, core::metrics::Registry& metrics);
  ~DiskTier();  // drains the threads; results still go only through their mailboxes
  DiskTier(const DiskTier&) = delete;
  DiskTier& operator=(const DiskTier&) = delete;

  // Non-blocking; counts as an access for eviction. Null when absent.
  std::shared_ptr<const DiskEntry> find(std::string_view key);
  // Whether `key` is stored, without counting an access.
  bool contains(std::string_view key) const;
  // LMDB's limit on key length.
  static constexpr size_t kMaxKeyBytes = 511;

  // Starts storing `key`. Null (and a refusal counted by reason) when admission is closed
  // after a disk-full or index-full error, `key` is being written already, or is empty or
  // longer than kMaxKeyBytes. The object may
  // still prove larger than max_object_bytes: commit() then refuses it.
  std::unique_ptr<DiskWriter> begin(std::string key, std::string head, uint32_t flags);
  // Same, refusing at once when the size is known and over max_object_bytes.
  std::unique_ptr<DiskWriter> begin(std::string key, std::string head, uint32_t flags,
                                    uint64_t expected_size);
  // Replaces the stored head (after a 304 refreshed it); no-op when `key` is absent.
  void update_head(std::string_view key, std::string head);

  // Reads up to min(length, kMaxReadBytes) bytes at `offset` and posts the bytes (short only at
  // the end of the object) or an error ("gone" once the file was erased or evicted before it
  // could be opened) to `mailbox`, where `done` runs. Bytes in the page cache are read at once
  // from a kept descriptor (open_files.h); others on an I/O thread.
  static constexpr uint64_t kMaxReadBytes = 256 << 10;
  void read(std::shared_ptr<const DiskEntry> entry, uint64_t offset, uint64_t length,
            std::shared_ptr<core::server::Mailbox> mailbox, ReadDone done);
  // Posts the object's descriptor (for sendfile; it stays valid after an erase or eviction) to
  // `mailbox`. A kept descriptor (open_files.h) whose `length` bytes at `offset`, the ones to be
  // sent, look cached is posted at once; otherwise an I/O thread opens the file (or takes the
  // kept descriptor) and brings those bytes into the page cache first (readahead). Requests share
  // a descriptor: read it at explicit offsets only, never through its file position.
  void open_for_send(std::shared_ptr<const DiskEntry> entry, uint64_t offset, uint64_t length,
                     std::shared_ptr<core::server::Mailbox> mailbox, OpenDone done);

  // Purge: gone from find() at once, files and records removed in the background. An object
  // of that key still being written is aborted. Returns whether / how many entries existed.
  bool erase(std::string_view key);
  size_t erase_prefix(std::string_view key_prefix);

  struct Stats {
    uint64_t objects = 0;
    uint64_t bytes = 0;
    uint64_t budget = 0;
    uint64_t evictions = 0;
    uint64_t admissions_refused = 0;
    uint64_t recovered_dropped = 0;  // index records without a sound file, dropped by open()
    bool admitting = true;
  };
  Stats stats() const;

  // Waits until every queued write, commit, eviction and recency update is done (tests and
  // shutdown). Writers not yet committed are not waited for.
  void flush();

 private:
  friend class DiskWriter;
  struct Parts;
  explicit DiskTier(std::unique_ptr<Parts> parts);

  std::unique_ptr<Parts> parts_;
};

}  // namespace edge::cache
