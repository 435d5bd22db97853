// DiskCommitter: batched LMDB writes, publication of new entries, eviction and unlinks, all on
// one thread so that LMDB has a single writer and no loop ever waits for it.
#include "edge/cache/disk_committer.h"

#include <unistd.h>

#include "edge/cache/disk_record.h"

namespace edge::cache {
namespace {

std::string encode_u64(uint64_t value) {
  std::string out;
  for (int i = 0; i < 8; ++i)
    out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
  return out;
}

}  // namespace

DiskCommitter::DiskCommitter(DiskShared& shared, core::lmdb::Env env, MDB_dbi objects, MDB_dbi meta)
    : shared_(shared), env_(std::move(env)), objects_(objects), meta_(meta) {
  thread_ = std::thread([this] { run(); });
}

DiskCommitter::~DiskCommitter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void DiskCommitter::enqueue(Op op) {
  {
    std::lock_guard lock(mutex_);
    ops_.push_back(std::move(op));
  }
  wake_.notify_all();
}

void DiskCommitter::put(std::shared_ptr<WriteJob> job) {
  enqueue(Op{Kind::kPut, std::move(job), {}, 0, {}});
}

void DiskCommitter::remove(std::string key, uint64_t id) {
  enqueue(Op{Kind::kRemove, nullptr, std::move(key), id, {}});
}

void DiskCommitter::update_head(std::string key, uint64_t id, std::string head) {
  enqueue(Op{Kind::kHead, nullptr, std::move(key), id, std::move(head)});
}

void DiskCommitter::check_budget() {
  enqueue(Op{Kind::kBudget, nullptr, {}, 0, {}});
}

void DiskCommitter::flush() {
  std::unique_lock lock(mutex_);
  recency_requested_ = true;
  wake_.notify_all();
  idle_.wait(lock, [this] { return ops_.empty() && !busy_ && !recency_requested_; });
}

void DiskCommitter::run() {
  auto next_recency = std::chrono::steady_clock::now() + kRecencyInterval;
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait_until(lock, next_recency,
                     [this] { return stopping_ || recency_requested_ || !ops_.empty(); });
    bool due = std::chrono::steady_clock::now() >= next_recency;
    bool persist_recency = due || recency_requested_ || stopping_;
    if (ops_.empty() && !persist_recency) continue;
    std::vector<Op> ops = std::move(ops_);
    ops_.clear();
    bool stop = stopping_ && ops.empty();
    recency_requested_ = false;
    busy_ = true;
    lock.unlock();
    process(ops, persist_recency);
    lock.lock();
    busy_ = false;
    if (persist_recency) next_recency = std::chrono::steady_clock::now() + kRecencyInterval;
    if (ops_.empty()) idle_.notify_all();
    if (stop && ops_.empty()) return;
  }
}

void DiskCommitter::process(const std::vector<Op>& ops, bool persist_recency) {
  std::vector<DiskIndex::Access> touched;
  if (persist_recency) touched = shared_.index.take_touched();
  Outcome outcome;
  auto applied = apply(ops, true, touched, outcome);
  if (!applied) {
    shared_.log("disk cache index: " + applied.error().what);
    if (applied.error().code == MDB_MAP_FULL) shared_.admission.close();
    for (const auto& op : ops) {
      if (op.kind == Kind::kPut) fail_put(*op.job, WriteFailure::kIndexFull);
    }
    // Removals free space in the map; a record whose file is gone would be dropped by the
    // next recovery anyway, so the files go even if this fails too.
    outcome = Outcome{};
    if (auto retried = apply(ops, false, touched, outcome); !retried) {
      shared_.log("disk cache index: " + retried.error().what);
    }
  }
  for (const auto& job : outcome.puts)
    publish(job);
  for (uint64_t id : outcome.unlink)
    unlink_object(id);
  evict_if_over();
  shared_.sync_gauges();
}

std::expected<void, core::lmdb::Error> DiskCommitter::apply(
    const std::vector<Op>& ops, bool with_puts, const std::vector<DiskIndex::Access>& touched,
    Outcome& outcome) {
  auto txn = core::lmdb::Txn::begin(env_.get(), 0);
  if (!txn) return std::unexpected(txn.error());
  bool any_put = false;
  for (const Op& op : ops) {
    if (op.kind == Kind::kBudget) continue;  // every batch ends with a budget check
    if (op.kind == Kind::kPut && !with_puts) continue;
    const std::string& key = op.kind == Kind::kPut ? op.job->key : op.key;
    auto found = core::lmdb::get(*txn, objects_, key);
    if (!found) return std::unexpected(found.error());
    std::optional<DiskRecord> old = *found ? decode_record(**found) : std::nullopt;
    if (op.kind == Kind::kPut) {
      const WriteJob& job = *op.job;
      if (job.cancelled.load()) {
        outcome.unlink.push_back(job.id);
        shared_.inflight.release(job);
        continue;
      }
      if (old && old->id != job.id) outcome.unlink.push_back(old->id);
      DiskRecord record{job.id,    job.written, job.stored_at, shared_.index.now(),
                        job.flags, job.head};
      if (auto put = core::lmdb::put(*txn, objects_, key, encode(record)); !put) {
        return std::unexpected(put.error());
      }
      outcome.puts.push_back(op.job);
      any_put = true;
    } else if (op.kind == Kind::kRemove) {
      if (old && old->id == op.id) {
        if (auto del = core::lmdb::del(*txn, objects_, key); !del)
          return std::unexpected(del.error());
      }
      outcome.unlink.push_back(op.id);
    } else if (old && old->id == op.id) {
      old->head = op.head;
      if (auto put = core::lmdb::put(*txn, objects_, key, encode(*old)); !put) {
        return std::unexpected(put.error());
      }
    }
  }
  for (const DiskIndex::Access& access : touched) {
    auto found = core::lmdb::get(*txn, objects_, access.entry->key);
    if (!found) return std::unexpected(found.error());
    if (!*found) continue;
    std::optional<DiskRecord> record = decode_record(**found);
    if (!record || record->id != access.entry->id || record->last_access == access.access) {
      continue;
    }
    record->last_access = access.access;
    if (auto put = core::lmdb::put(*txn, objects_, access.entry->key, encode(*record)); !put) {
      return std::unexpected(put.error());
    }
  }
  if (any_put) {
    // Every committed id is below the persisted counter, so no id is ever reused.
    auto put = core::lmdb::put(*txn, meta_, "next_id", encode_u64(shared_.next_id.load()));
    if (!put) return std::unexpected(put.error());
  }
  return txn->commit();
}

void DiskCommitter::publish(const std::shared_ptr<WriteJob>& job) {
  auto entry = std::make_shared<DiskEntry>(
      DiskEntry{job->key, job->id, job->written, job->stored_at, job->flags, job->head});
  EntryPtr replaced;
  bool published = shared_.inflight.finish(*job, [&] { replaced = shared_.index.insert(entry); });
  if (!published) {
    // Purged after its record was written: take the record back out.
    remove(job->key, job->id);
    return;
  }
  if (replaced && replaced->id != job->id) unlink_object(replaced->id);
}

void DiskCommitter::fail_put(const WriteJob& job, WriteFailure reason) {
  shared_.metrics.write_failed(reason);
  unlink_object(job.id);
  shared_.inflight.release(job);
}

void DiskCommitter::evict_if_over() {
  if (shared_.index.bytes() <= shared_.high_bytes()) return;
  std::vector<EntryPtr> victims = shared_.index.evict_to(shared_.low_bytes());
  if (victims.empty()) return;
  shared_.metrics.evictions.inc(victims.size());
  shared_.evictions.fetch_add(victims.size());
  for (const EntryPtr& victim : victims) {
    if (shared_.config.evicted) shared_.config.evicted(*victim);
    remove(victim->key, victim->id);
  }
  shared_.admission.reopen();
}

void DiskCommitter::unlink_object(uint64_t id) {
  shared_.open_files.forget(id);
  // Readers that opened the file keep it; ENOENT means it is gone already.
  ::unlink(shared_.paths.object_file(id).c_str());
}

}  // namespace edge::cache
