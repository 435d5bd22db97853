// DiskTier: opening (directories, lock, LMDB, recovery) and the calls loops make. Lookups use
// the in-memory index only; file work goes to DiskIo, index writes to DiskCommitter.
#include "edge/cache/disk_tier.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "core/base/disk_io.h"
#include "edge/cache/disk_committer.h"
#include "edge/cache/disk_recovery.h"
#include "edge/cache/disk_shared.h"
#include "edge/cache/disk_writer.h"
#include "edge/cache/page_cache_probe.h"

namespace edge::cache {

// Destroyed bottom-up: the I/O threads drain first (they feed the committer), then the
// committer commits what is left and closes LMDB.
struct DiskTier::Parts {
  Parts(DiskConfig config, core::metrics::Registry& registry)
      : shared(std::move(config), registry) {}

  core::base::UniqueFd lock;
  DiskShared shared;
  std::unique_ptr<DiskCommitter> committer;
  std::unique_ptr<core::base::DiskIo> io;
};

namespace {

std::expected<void, std::string> validate(const DiskConfig& config) {
  if (config.dir.empty()) return std::unexpected("disk cache: no directory");
  if (!(config.low_watermark > 0 && config.low_watermark <= config.high_watermark &&
        config.high_watermark <= 1)) {
    return std::unexpected("disk cache: watermarks must satisfy 0 < low <= high <= 1");
  }
  return {};
}

std::expected<core::base::UniqueFd, std::string> lock_dir(const DiskPaths& paths) {
  for (const auto& dir : {paths.root(), paths.tmp_dir(), paths.objects_dir(), paths.index_dir()}) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
      return std::unexpected("disk cache: cannot create " + dir.string() + ": " + ec.message());
  }
  core::base::UniqueFd fd(::open(paths.lock_file().c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
  if (!fd)
    return std::unexpected("disk cache: " + paths.lock_file().string() + ": " +
                           std::strerror(errno));
  // One process per directory: two would each believe they own the files.
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    return std::unexpected("disk cache: " + paths.root().string() +
                           " is in use by another process");
  }
  return fd;
}

template <typename T>
void post_result(const std::shared_ptr<core::server::Mailbox>& mailbox, std::function<void(T)> done,
                 T result) {
  mailbox->post(
      [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); });
}

// The object's kept descriptor, else its file opened and kept.
std::expected<DiskTier::SendFd, std::string> open_object(DiskShared& shared,
                                                         const DiskEntry& entry) {
  if (DiskTier::SendFd kept = shared.open_files.find(entry.id)) return kept;
  const std::string path = shared.paths.object_file(entry.id).string();
  // Without access times, so that a read never has an inode to write back; O_NOATIME needs
  // the file's owner, which the tier is unless an operator copied the files in.
  core::base::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOATIME));
  if (!fd && errno == EPERM) fd = core::base::UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) {
    if (errno == ENOENT) return std::unexpected("gone");
    return std::unexpected(std::string("open: ") + std::strerror(errno));
  }
  auto opened = std::make_shared<const core::base::UniqueFd>(std::move(fd));
  shared.open_files.keep(entry.id, opened);
  // Every removal takes the entry out of the index before the committer forgets its id and
  // unlinks the file: an entry gone from the index now may have been forgotten before it was
  // kept, and is forgotten here instead.
  if (EntryPtr indexed = shared.index.peek(entry.key); !indexed || indexed->id != entry.id) {
    shared.open_files.forget(entry.id);
  }
  return opened;
}

}  // namespace

std::expected<std::unique_ptr<DiskTier>, std::string> DiskTier::open(
    DiskConfig config, core::metrics::Registry& metrics) {
  if (auto valid = validate(config); !valid) return std::unexpected(valid.error());
  auto parts = std::make_unique<Parts>(std::move(config), metrics);
  DiskShared& shared = parts->shared;
  auto lock = lock_dir(shared.paths);
  if (!lock) return std::unexpected(lock.error());
  parts->lock = std::move(*lock);
  shared.loop_reads = answers_without_waiting(parts->lock.get());

  auto env = core::lmdb::open_env(shared.paths.index_dir(), shared.config.index_map_bytes, 2);
  if (!env) return std::unexpected("disk cache index: " + env.error().what);
  MDB_dbi objects = 0;
  MDB_dbi meta = 0;
  {
    auto txn = core::lmdb::Txn::begin(env->get(), 0);
    if (!txn) return std::unexpected("disk cache index: " + txn.error().what);
    auto objects_db = core::lmdb::open_db(*txn, "objects");
    auto meta_db = core::lmdb::open_db(*txn, "meta");
    if (!objects_db || !meta_db) {
      return std::unexpected("disk cache index: " +
                             (objects_db ? meta_db.error() : objects_db.error()).what);
    }
    objects = *objects_db;
    meta = *meta_db;
    if (auto committed = txn->commit(); !committed) {
      return std::unexpected("disk cache index: " + committed.error().what);
    }
  }
  auto recovered = recover(shared.paths, env->get(), objects, meta);
  if (!recovered) return std::unexpected("disk cache recovery: " + recovered.error());
  shared.index.set_budget(shared.config.budget_bytes);
  for (DiskIndex::Access& access : recovered->entries) {
    shared.index.insert(std::move(access.entry), access.access);
  }
  shared.next_id.store(recovered->next_id);
  shared.recovered_dropped = recovered->dropped_records;
  shared.metrics.recovered_dropped.inc(recovered->dropped_records);
  shared.sync_gauges();

  parts->committer = std::make_unique<DiskCommitter>(shared, std::move(*env), objects, meta);
  parts->io = std::make_unique<core::base::DiskIo>(shared.config.io_threads);
  parts->committer->check_budget();  // the budget may have shrunk since the last run
  return std::unique_ptr<DiskTier>(new DiskTier(std::move(parts)));
}

DiskTier::DiskTier(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

DiskTier::~DiskTier() = default;

std::shared_ptr<const DiskEntry> DiskTier::find(std::string_view key) {
  return parts_->shared.index.find(key);
}

bool DiskTier::contains(std::string_view key) const {
  return parts_->shared.index.peek(key) != nullptr;
}

std::unique_ptr<DiskWriter> DiskTier::begin(std::string key, std::string head, uint32_t flags) {
  DiskShared& shared = parts_->shared;
  auto refuse = [&](AdmissionRefusal reason) {
    shared.metrics.refused(reason);
    shared.refused.fetch_add(1);
    return nullptr;
  };
  if (key.empty() || key.size() > kMaxKeyBytes) return refuse(AdmissionRefusal::kKeyTooLong);
  if (!shared.admission.admitting()) return refuse(AdmissionRefusal::kClosed);
  auto job = std::make_shared<WriteJob>();
  job->key = std::move(key);
  job->head = std::move(head);
  job->flags = flags;
  if (!shared.inflight.add(job)) return refuse(AdmissionRefusal::kBusy);
  job->id = shared.next_id.fetch_add(1);
  return std::unique_ptr<DiskWriter>(new DiskWriter(*this, std::move(job)));
}

std::unique_ptr<DiskWriter> DiskTier::begin(std::string key, std::string head, uint32_t flags,
                                            uint64_t expected_size) {
  DiskShared& shared = parts_->shared;
  if (expected_size > shared.config.max_object_bytes) {
    shared.metrics.refused(AdmissionRefusal::kTooLarge);
    shared.refused.fetch_add(1);
    return nullptr;
  }
  return begin(std::move(key), std::move(head), flags);
}

void DiskTier::update_head(std::string_view key, std::string head) {
  EntryPtr updated = parts_->shared.index.replace_head(key, std::move(head));
  if (updated) parts_->committer->update_head(updated->key, updated->id, updated->head);
}

void DiskTier::read(std::shared_ptr<const DiskEntry> entry, uint64_t offset, uint64_t length,
                    std::shared_ptr<core::server::Mailbox> mailbox, ReadDone done) {
  using Result = std::expected<core::http::Chunk, std::string>;
  DiskShared& shared = parts_->shared;
  const uint64_t want =
      offset >= entry->size ? 0 : std::min({length, kMaxReadBytes, entry->size - offset});
  // Bytes already in the page cache are read here, on the loop, from a kept descriptor.
  if (SendFd kept = shared.loop_reads ? shared.open_files.find(entry->id) : nullptr) {
    if (std::optional<std::string> bytes = read_if_cached(kept->get(), offset, want)) {
      shared.metrics.reads_on_loop.inc();
      return post_result<Result>(mailbox, std::move(done),
                                 core::http::Chunk::from_string(std::move(*bytes)));
    }
  }
  shared.metrics.reads_on_io_thread.inc();
  parts_->io->post([&shared, entry = std::move(entry), offset, want, mailbox = std::move(mailbox),
                    done = std::move(done)]() mutable {
    auto fd = open_object(shared, *entry);
    if (!fd) {
      shared.metrics.read_errors.inc();
      return post_result<Result>(mailbox, std::move(done), std::unexpected(fd.error()));
    }
    std::string bytes(want, '\0');
    size_t got = 0;
    while (got < want) {
      ssize_t n =
          ::pread((*fd)->get(), bytes.data() + got, want - got, static_cast<off_t>(offset + got));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        shared.metrics.read_errors.inc();
        return post_result<Result>(mailbox, std::move(done),
                                   std::unexpected(std::string("pread: ") + std::strerror(errno)));
      }
      if (n == 0) break;
      got += static_cast<size_t>(n);
    }
    bytes.resize(got);
    post_result<Result>(mailbox, std::move(done), core::http::Chunk::from_string(std::move(bytes)));
  });
}

void DiskTier::open_for_send(std::shared_ptr<const DiskEntry> entry, uint64_t offset,
                             uint64_t length, std::shared_ptr<core::server::Mailbox> mailbox,
                             OpenDone done) {
  using Result = std::expected<SendFd, std::string>;
  DiskShared& shared = parts_->shared;
  const uint64_t first = std::min(offset, entry->size);
  const uint64_t span = std::min(length, entry->size - first);
  // A kept descriptor whose pages to send look cached goes back at once, from the loop.
  if (SendFd kept = shared.loop_reads ? shared.open_files.find(entry->id) : nullptr;
      kept && pages_look_cached(kept->get(), first, span)) {
    shared.metrics.reads_on_loop.inc();
    return post_result<Result>(mailbox, std::move(done), std::move(kept));
  }
  shared.metrics.reads_on_io_thread.inc();
  parts_->io->post([&shared, entry = std::move(entry), first, span, mailbox = std::move(mailbox),
                    done = std::move(done)]() mutable {
    auto fd = open_object(shared, *entry);
    if (!fd) {
      shared.metrics.read_errors.inc();
      return post_result<Result>(mailbox, std::move(done), std::unexpected(fd.error()));
    }
    // Here, off the loop, the pages to send come into the page cache (unless they look cached
    // already), so that sendfile on the loop finds them there instead of waiting for the disk.
    if (!pages_look_cached((*fd)->get(), first, span)) {
      ::readahead((*fd)->get(), static_cast<off_t>(first), span);
    }
    post_result<Result>(mailbox, std::move(done), std::move(*fd));
  });
}

bool DiskTier::erase(std::string_view key) {
  DiskShared& shared = parts_->shared;
  shared.inflight.cancel(key);
  EntryPtr erased = shared.index.erase(key);
  if (!erased) return false;
  parts_->committer->remove(erased->key, erased->id);
  shared.sync_gauges();
  return true;
}

size_t DiskTier::erase_prefix(std::string_view key_prefix) {
  DiskShared& shared = parts_->shared;
  shared.inflight.cancel_prefix(key_prefix);
  std::vector<EntryPtr> erased = shared.index.erase_prefix(key_prefix);
  for (const EntryPtr& entry : erased)
    parts_->committer->remove(entry->key, entry->id);
  if (!erased.empty()) shared.sync_gauges();
  return erased.size();
}

DiskTier::Stats DiskTier::stats() const {
  DiskShared& shared = parts_->shared;
  return Stats{shared.index.count(),        shared.index.bytes(),  shared.config.budget_bytes,
               shared.evictions.load(),     shared.refused.load(), shared.recovered_dropped,
               shared.admission.admitting()};
}

void DiskTier::flush() {
  parts_->io->wait_idle();
  parts_->committer->flush();
}

DiskWriter::DiskWriter(DiskTier& tier, std::shared_ptr<WriteJob> job)
    : tier_(tier), job_(std::move(job)) {}

DiskWriter::~DiskWriter() {
  if (!committed_) finish(false, 0);
}

void DiskWriter::append(core::http::Chunk chunk) {
  bool schedule = false;
  {
    std::lock_guard lock(job_->mutex);
    job_->pending.push_back(std::move(chunk));
    schedule = !std::exchange(job_->scheduled, true);
  }
  if (schedule) schedule_drain();
}

void DiskWriter::commit(uint64_t expected_size) {
  committed_ = true;
  finish(true, expected_size);
}

void DiskWriter::commit(uint64_t expected_size, std::shared_ptr<core::server::Mailbox> mailbox,
                        std::function<void(bool)> done) {
  auto tell = [mailbox = std::move(mailbox), done = std::move(done)](bool visible) {
    mailbox->post([done, visible] { done(visible); });
  };
  bool ended = false;
  bool published = false;
  {
    std::lock_guard lock(job_->notice->mutex);
    ended = job_->notice->ended;
    published = job_->notice->published;
    if (!ended) job_->notice->callback = tell;
  }
  if (ended) tell(published);
  commit(expected_size);
}

void DiskWriter::finish(bool commit, uint64_t expected_size) {
  bool schedule = false;
  {
    std::lock_guard lock(job_->mutex);
    job_->end = commit ? WriteJob::End::kCommit : WriteJob::End::kAbort;
    job_->expected_size = expected_size;
    schedule = !std::exchange(job_->scheduled, true);
  }
  if (schedule) schedule_drain();
}

void DiskWriter::schedule_drain() {
  DiskTier::Parts& parts = *tier_.parts_;
  parts.io->post([job = job_, &parts] { drain_write(job, parts.shared, *parts.committer); });
}

}  // namespace edge::cache
