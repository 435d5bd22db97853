// The one thread that writes the LMDB index. Loops and I/O threads queue operations; it
// commits whatever has queued up in one transaction (group commit: no timer delays a put),
// then publishes new entries, unlinks removed files and evicts down to the low watermark when
// the budget's high watermark is passed. Recency is persisted lazily, every kRecencyInterval.
#pragma once

#include <lmdb.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/lmdb/lmdb_env.h"
#include "edge/cache/disk_shared.h"

namespace edge::cache {

class DiskCommitter {
 public:
  static constexpr std::chrono::seconds kRecencyInterval{3};

  DiskCommitter(DiskShared& shared, core::lmdb::Env env, MDB_dbi objects, MDB_dbi meta);
  // Finishes every queued operation, persists recency, then joins.
  ~DiskCommitter();
  DiskCommitter(const DiskCommitter&) = delete;
  DiskCommitter& operator=(const DiskCommitter&) = delete;

  // `job`'s file is complete and renamed into place: index it, then publish it.
  void put(std::shared_ptr<WriteJob> job);
  // `id` is gone from the runtime index: delete its record (if still `id`) and its file.
  void remove(std::string key, uint64_t id);
  void update_head(std::string key, uint64_t id, std::string head);
  // Evicts now if the budget's high watermark is passed.
  void check_budget();
  // Returns once every queued operation is committed and recency persisted.
  void flush();

 private:
  enum class Kind : uint8_t { kPut, kRemove, kHead, kBudget };
  struct Op {
    Kind kind;
    std::shared_ptr<WriteJob> job;  // kPut
    std::string key;
    uint64_t id = 0;
    std::string head;  // kHead
  };
  struct Outcome {
    std::vector<uint64_t> unlink;  // files to remove once committed
    std::vector<std::shared_ptr<WriteJob>> puts;
  };

  void enqueue(Op op);
  void run();
  void process(const std::vector<Op>& ops, bool persist_recency);
  // Applies `ops` (puts only when `with_puts`) and the recency updates in one transaction.
  std::expected<void, core::lmdb::Error> apply(const std::vector<Op>& ops, bool with_puts,
                                               const std::vector<DiskIndex::Access>& touched,
                                               Outcome& outcome);
  void publish(const std::shared_ptr<WriteJob>& job);
  void fail_put(const WriteJob& job, WriteFailure reason);
  void evict_if_over();
  void unlink_object(uint64_t id);

  DiskShared& shared_;
  core::lmdb::Env env_;
  MDB_dbi objects_;
  MDB_dbi meta_;

  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::vector<Op> ops_;             // under mutex_
  bool busy_ = false;               // under mutex_
  bool recency_requested_ = false;  // under mutex_
  bool stopping_ = false;           // under mutex_
  std::thread thread_;
};

}  // namespace edge::cache
